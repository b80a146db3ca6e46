import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { objectId, objectKeyHash } from './ids.js';

const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

describe('objectKeyHash', () => {
  it('is the SHA-1 of bucket NUL key over the raw UTF-8 key', () => {
    expect(objectKeyHash('bkt', 'a b/é.txt')).toBe(sha1('bkt\0a b/é.txt'));
    expect(objectKeyHash('bkt', 'a b')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('tells apart keys that differ only in encoding', () => {
    expect(objectKeyHash('bkt', 'a b')).not.toBe(objectKeyHash('bkt', 'a+b'));
    expect(objectKeyHash('bkt', 'a b')).not.toBe(objectKeyHash('bkt', 'a%20b'));
  });
});

describe('objectId', () => {
  it('is stable and depends on every part', () => {
    const ref = { bucket: 'bkt', key: 'k', versionId: 'v1' };
    expect(objectId(ref)).toBe(objectId({ ...ref }));
    expect(objectId(ref)).toBe(sha1('bkt\0v1\0k'));
    expect(objectId(ref)).not.toBe(objectId({ ...ref, versionId: 'v2' }));
    expect(objectId(ref)).not.toBe(objectId({ ...ref, key: 'k2' }));
    expect(objectId(ref)).not.toBe(objectId({ ...ref, bucket: 'bkt2' }));
  });

  it('treats no version id and an empty one alike', () => {
    expect(objectId({ bucket: 'bkt', key: 'k' })).toBe(objectId({ bucket: 'bkt', key: 'k', versionId: '' }));
  });

  it('cannot be confused by a NUL inside a key', () => {
    expect(objectId({ bucket: 'bkt', key: 'k\0v1' })).not.toBe(objectId({ bucket: 'bkt', key: 'k', versionId: 'v1' }));
  });
});
