/**
 * The sweep's view of S3 (S3ObjectObserver) against the sandbox over HTTP: ListObjectsV2 with
 * RestoreStatus for directories with many wanted keys, HeadObject for a few keys, versions and
 * Intelligent-Tiering; every state a tracked object can be found in, awkward keys included.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import type { StorageClass } from '@aws-sdk/client-s3';
import { objectId } from '@s3-bulk-restore/shared';
import { S3ObjectObserver } from '../../../services/restore-tracker/src/adapters/aws/s3-object-observer.js';
import { HOUR, testSandbox } from '../support/sandbox.js';
import type { TestSandbox } from '../support/sandbox.js';

let t: TestSandbox;
let versionId: string;

const BUCKET = 'observed';
const many = Array.from({ length: 30 }, (_, i) => `bulk/obj ${String(i).padStart(2, '0')} é+%.bin`);

async function put(key: string, storageClass: StorageClass, bucket = BUCKET): Promise<string | undefined> {
  const out = await t.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x', StorageClass: storageClass }));
  return out.VersionId;
}

async function restore(key: string, bucket = BUCKET, version?: string): Promise<void> {
  await t.s3.send(new RestoreObjectCommand({ Bucket: bucket, Key: key, ...(version ? { VersionId: version } : {}), RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Standard' } } }));
}

beforeAll(async () => {
  t = await testSandbox();
  await t.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.s3.send(new CreateBucketCommand({ Bucket: 'versioned' }));
  await t.s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
  for (const key of many) await put(key, 'GLACIER');
  await put('bulk/standard.bin', 'STANDARD');
  await put('few/restored.bin', 'DEEP_ARCHIVE');
  await put('few/restoring.bin', 'GLACIER');
  await put('few/cold.bin', 'GLACIER');
  await put('few/it.bin', 'INTELLIGENT_TIERING');
  await t.dev('POST', '/_sandbox/objects/archive-tier', { bucket: BUCKET, key: 'few/it.bin', tier: 'ARCHIVE_ACCESS' });
  versionId = (await put('v.bin', 'GLACIER', 'versioned'))!;
  await put('v.bin', 'STANDARD', 'versioned'); // a newer, readable version: the tracked one is still archived
  // Half of the listed directory restored, one restoring; the deep one restored (Standard: 12 h at most).
  for (const key of many.slice(0, 15)) await restore(key);
  await restore('few/restored.bin');
  await t.advance(13 * HOUR);
  await restore('few/restoring.bin');
  await restore(many[29]!);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('S3ObjectObserver against the sandbox', () => {
  it('lists a directory with many wanted keys: restored, restoring, archived, readable and missing', async () => {
    const observer = new S3ObjectObserver({ client: t.s3 });
    const refs = [...many, 'bulk/standard.bin', 'bulk/never-written.bin'].map((key) => ({ bucket: BUCKET, key }));
    const seen = await observer.observe(refs);
    const kind = (key: string) => seen.get(objectId({ bucket: BUCKET, key }))?.kind;
    expect(many.slice(0, 15).map(kind)).toEqual(Array(15).fill('restored'));
    expect(seen.get(objectId({ bucket: BUCKET, key: many[0]! }))).toEqual({ kind: 'restored', expiresAt: expect.stringMatching(/T00:00:00\.000Z$/), size: 1 });
    expect(many.slice(15, 29).map(kind)).toEqual(Array(14).fill('archived'));
    expect(kind(many[29]!)).toBe('restoring');
    expect(seen.get(objectId({ bucket: BUCKET, key: 'bulk/standard.bin' }))).toEqual({ kind: 'readable', storageClass: 'STANDARD', size: 1 });
    expect(kind('bulk/never-written.bin')).toBe('missing');
    // One listing page, no HeadObject.
    expect(observer.requests).toBe(1);
  });

  it('asks HeadObject for a few keys, a version, and Intelligent-Tiering', async () => {
    const observer = new S3ObjectObserver({ client: t.s3 });
    const refs = [
      { bucket: BUCKET, key: 'few/restored.bin' },
      { bucket: BUCKET, key: 'few/restoring.bin' },
      { bucket: BUCKET, key: 'few/cold.bin' },
      { bucket: BUCKET, key: 'few/it.bin' },
      { bucket: BUCKET, key: 'few/missing.bin' },
      { bucket: 'versioned', key: 'v.bin', versionId },
    ];
    const seen = await observer.observe(refs);
    expect(refs.map((ref) => seen.get(objectId(ref))?.kind)).toEqual(['restored', 'restoring', 'archived', 'archived', 'missing', 'archived']);
    // HeadObject's Content-Length is the size the sweep records (the sandbox's test objects are 1 byte).
    expect(seen.get(objectId(refs[0]!))).toMatchObject({ size: 1 });
    expect(observer.requests).toBe(refs.length);
  });
});
