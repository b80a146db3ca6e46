import { describe, expect, it } from '@jest/globals';
import { KeyCodecError } from './errors.js';
import { keyByteLength, MAX_KEY_BYTES, validateBucketName, validateKey, validateObjectRef } from './object-ref.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyCodecError);
    return (error as KeyCodecError).code;
  }
  return undefined;
}

describe('validateKey', () => {
  it.each([
    ['one byte', 'a'],
    ['1,024 ASCII bytes', 'k'.repeat(1024)],
    ['1,024 bytes of 2-byte characters', 'é'.repeat(512)],
    ['1,024 bytes of 4-byte characters', '🎉'.repeat(256)],
    ['spaces, plus, percent', ' + %20 %2F '],
  ])('accepts %s', (_name, key) => {
    expect(validateKey(key)).toBe(key);
  });

  it.each([
    ['an empty key', '', 'EmptyKey'],
    ['1,025 ASCII bytes', 'k'.repeat(1025), 'KeyTooLong'],
    ['1,025 bytes with a multi-byte character', 'é'.repeat(512) + 'k', 'KeyTooLong'],
    ['513 two-byte characters (1,026 bytes)', 'é'.repeat(513), 'KeyTooLong'],
    ['a lone high surrogate', 'a\uD83C', 'InvalidKeyEncoding'],
    ['a lone low surrogate', '\uDF89b', 'InvalidKeyEncoding'],
  ])('refuses %s with %s', (_name, key, code) => {
    expect(codeOf(() => validateKey(key))).toBe(code);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(keyByteLength('a')).toBe(1);
    expect(keyByteLength('é')).toBe(2);
    expect(keyByteLength('日')).toBe(3);
    expect(keyByteLength('🎉')).toBe(4);
    expect(MAX_KEY_BYTES).toBe(1024);
  });

  it('says how long the key was', () => {
    expect(() => validateKey('k'.repeat(1025))).toThrow(/1025 bytes/);
  });
});

describe('validateBucketName', () => {
  it.each(['abc', 'my-bucket', 'my.bucket.name', 'a1b2c3', '123', 'b'.repeat(63)])('accepts %j', (name) => {
    expect(validateBucketName(name)).toBe(name);
  });

  it.each([
    ['', 'empty'],
    ['ab', 'too short'],
    ['b'.repeat(64), 'too long'],
    ['My-Bucket', 'uppercase'],
    ['my_bucket', 'underscore'],
    ['-bucket', 'leading hyphen'],
    ['bucket-', 'trailing hyphen'],
    ['.bucket', 'leading dot'],
    ['my..bucket', 'adjacent dots'],
    ['192.168.5.4', 'IP address'],
    ['xn--bucket', 'reserved prefix'],
    ['bucket-s3alias', 'reserved suffix'],
    ['my bucket', 'space'],
    ['\uFEFFbucket', 'byte order mark'],
  ])('refuses %j (%s) with InvalidBucketName', (name) => {
    expect(codeOf(() => validateBucketName(name))).toBe('InvalidBucketName');
  });
});

describe('validateObjectRef', () => {
  it('keeps a version id and drops an empty one', () => {
    expect(validateObjectRef({ bucket: 'bkt', key: 'k', versionId: 'v1' })).toEqual({ bucket: 'bkt', key: 'k', versionId: 'v1' });
    expect(validateObjectRef({ bucket: 'bkt', key: 'k', versionId: '' })).toEqual({ bucket: 'bkt', key: 'k' });
  });

  it('checks the bucket before the key', () => {
    expect(codeOf(() => validateObjectRef({ bucket: 'B', key: '' }))).toBe('InvalidBucketName');
    expect(codeOf(() => validateObjectRef({ bucket: 'bkt', key: '' }))).toBe('EmptyKey');
  });
});
