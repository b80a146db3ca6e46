/** Buckets, objects and listings through the AWS SDK v3 over HTTP, including the wire details SDK v3 sends. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand,
  HeadObjectCommand, ListBucketsCommand, ListObjectsCommand, ListObjectVersionsCommand, ListObjectsV2Command,
  PutBucketVersioningCommand, PutObjectCommand, RestoreObjectCommand,
} from '@aws-sdk/client-s3';
import { HOUR, MINUTE, errorOf, testSandbox } from '../support/sandbox.js';
import type { TestSandbox } from '../support/sandbox.js';

let t: TestSandbox;
const Bucket = 'objects';

beforeEach(async () => {
  t = await testSandbox();
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterEach(async () => t.close());

describe('buckets', () => {
  it('create, head, list, refuse to delete when not empty, delete', async () => {
    await t.s3.send(new CreateBucketCommand({ Bucket: 'second' }));
    expect((await t.s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toEqual(['objects', 'second']);
    await t.s3.send(new HeadBucketCommand({ Bucket: 'second' }));
    await t.s3.send(new PutObjectCommand({ Bucket: 'second', Key: 'x', Body: 'x' }));
    expect((await errorOf(t.s3.send(new DeleteBucketCommand({ Bucket: 'second' })))).name).toBe('BucketNotEmpty');
    await t.s3.send(new DeleteObjectCommand({ Bucket: 'second', Key: 'x' }));
    await t.s3.send(new DeleteBucketCommand({ Bucket: 'second' }));
    expect((await errorOf(t.s3.send(new HeadBucketCommand({ Bucket: 'second' })))).status).toBe(404);
    expect((await errorOf(t.s3.send(new ListObjectsV2Command({ Bucket: 'second' })))).name).toBe('NoSuchBucket');
    expect((await errorOf(t.s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })))).name).toBe('InvalidBucketName');
  });
});

describe('PutObject as SDK v3 sends it', () => {
  it('accepts an aws-chunked streaming body with a trailing CRC32 checksum', async () => {
    const parts = ['chunk-one;', 'chunk-two', 'x'.repeat(70_000)];
    const body = Readable.from(parts.map((p) => Buffer.from(p)));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'stream.bin', Body: body, ContentLength: parts.join('').length, StorageClass: 'GLACIER' }));
    const h = await t.s3.send(new HeadObjectCommand({ Bucket, Key: 'stream.bin' }));
    expect(h.ContentLength).toBe(parts.join('').length);
    expect(h.StorageClass).toBe('GLACIER');
  });

  it('accepts a 3 MiB body sent with Expect: 100-continue and returns it intact', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 7);
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'big.bin', Body: payload }));
    const got = await t.s3.send(new GetObjectCommand({ Bucket, Key: 'big.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(payload)).toBe(true);
  });

  it('rejects a body whose CRC32 does not match with 400 BadDigest', async () => {
    const res = await fetch(`${t.sandbox.endpoint}/${Bucket}/bad.bin`, {
      method: 'PUT',
      headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
      body: 'hello',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>BadDigest</Code>');
    expect((await errorOf(t.s3.send(new HeadObjectCommand({ Bucket, Key: 'bad.bin' })))).status).toBe(404);
  });

  it('rejects an unknown storage class and keys over 1,024 bytes', async () => {
    const res = await fetch(`${t.sandbox.endpoint}/${Bucket}/k`, { method: 'PUT', headers: { 'x-amz-storage-class': 'COLD' }, body: 'x' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('InvalidStorageClass');
    const long = await errorOf(t.s3.send(new PutObjectCommand({ Bucket, Key: 'k'.repeat(1025), Body: 'x' })));
    expect(long.name).toBe('KeyTooLongError');
  });
});

describe('ListObjectsV2', () => {
  const keys = ['a b.txt', 'a+b.txt', 'dir/one', 'dir/sub/two', 'dir/three', 'pct%20x', 'ünï/cødé', 'z'];

  beforeEach(async () => {
    for (const Key of keys) await t.s3.send(new PutObjectCommand({ Bucket, Key, Body: Key, StorageClass: 'GLACIER' }));
  });

  it('lists in UTF-8 order with prefix, delimiter, max-keys and continuation', async () => {
    const all = await t.s3.send(new ListObjectsV2Command({ Bucket }));
    expect(all.Contents?.map((c) => c.Key)).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(all.Contents?.[0]?.StorageClass).toBe('GLACIER');

    const dir = await t.s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dir/', Delimiter: '/' }));
    expect(dir.Contents?.map((c) => c.Key)).toEqual(['dir/one', 'dir/three']);
    expect(dir.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/sub/']);
    expect(dir.KeyCount).toBe(3);

    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.s3.send(new ListObjectsV2Command({ Bucket, MaxKeys: 3, ContinuationToken }));
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
      pages++;
    } while (ContinuationToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.Contents?.map((c) => c.Key));
  });

  it('URL-encodes keys when asked (encoding-type=url, as the AWS CLI asks)', async () => {
    const res = await fetch(`${t.sandbox.endpoint}/${Bucket}?list-type=2&encoding-type=url&prefix=a`);
    const body = await res.text();
    expect(body).toContain('<Key>a%20b.txt</Key>');
    expect(body).toContain('<Key>a%2Bb.txt</Key>');
    expect(body).toContain('<EncodingType>url</EncodingType>');
  });

  it('returns RestoreStatus with x-amz-optional-object-attributes', async () => {
    await t.s3.send(new RestoreObjectCommand({ Bucket, Key: 'z', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Expedited' } } }));
    await t.s3.send(new RestoreObjectCommand({ Bucket, Key: 'dir/one', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Bulk' } } }));
    await t.advance(5 * MINUTE);
    const list = await t.s3.send(new ListObjectsV2Command({ Bucket, OptionalObjectAttributes: ['RestoreStatus'] }));
    const status = Object.fromEntries((list.Contents ?? []).map((c) => [c.Key, c.RestoreStatus]));
    expect(status['z']?.IsRestoreInProgress).toBe(false);
    expect(status['z']?.RestoreExpiryDate?.toISOString()).toBe('2026-10-18T00:00:00.000Z');
    expect(status['dir/one']).toEqual({ IsRestoreInProgress: true });
    expect(status['a b.txt']).toBeUndefined();
    const plain = await t.s3.send(new ListObjectsV2Command({ Bucket }));
    expect(plain.Contents?.every((c) => c.RestoreStatus === undefined)).toBe(true);
  });

  it('ListObjects v1 pages with a marker (rclone and s3cmd use it)', async () => {
    const first = await t.s3.send(new ListObjectsCommand({ Bucket, MaxKeys: 4 }));
    expect(first.IsTruncated).toBe(true);
    const rest = await t.s3.send(new ListObjectsCommand({ Bucket, Marker: first.Contents?.at(-1)?.Key }));
    expect([...(first.Contents ?? []), ...(rest.Contents ?? [])].map((c) => c.Key)).toHaveLength(keys.length);
  });
});

describe('versions and deletes', () => {
  it('keeps versions, writes delete markers, lists versions, deletes in bulk', async () => {
    await t.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await t.s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: '1' }));
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'k', Body: '2' }));
    const del = await t.s3.send(new DeleteObjectCommand({ Bucket, Key: 'k' }));
    expect(del.DeleteMarker).toBe(true);
    expect((await errorOf(t.s3.send(new GetObjectCommand({ Bucket, Key: 'k' })))).name).toBe('NoSuchKey');
    const versions = await t.s3.send(new ListObjectVersionsCommand({ Bucket }));
    expect(versions.Versions).toHaveLength(2);
    expect(versions.DeleteMarkers).toHaveLength(1);
    expect(await (await t.s3.send(new GetObjectCommand({ Bucket, Key: 'k', VersionId: v1.VersionId }))).Body?.transformToString()).toBe('1');
    await t.s3.send(new PutObjectCommand({ Bucket, Key: 'other', Body: 'x' }));
    const bulk = await t.s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'other' }] } }));
    expect(bulk.Deleted?.[0]?.Key).toBe('other');
  });
});

describe('persistence with a data directory', () => {
  it('resumes buckets, objects and in-flight restores after a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
    try {
      const first = await testSandbox({ dataDir: dir });
      await first.s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
      await first.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'cold', Body: 'kept body', StorageClass: 'GLACIER' }));
      await first.s3.send(new RestoreObjectCommand({ Bucket: 'kept', Key: 'cold', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } } }));
      await first.advance(HOUR);
      await first.close();

      const second = await testSandbox({ dataDir: dir, startTime: 0 });
      try {
        expect((await second.dev('GET', '/_sandbox/clock')).json['nowMs']).toBeGreaterThan(0);
        expect((await second.s3.send(new HeadObjectCommand({ Bucket: 'kept', Key: 'cold' }))).Restore).toBe('ongoing-request="true"');
        await second.advance(4 * HOUR);
        expect((await second.s3.send(new HeadObjectCommand({ Bucket: 'kept', Key: 'cold' }))).Restore).toContain('ongoing-request="false"');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a big body in its own file beside the snapshot, and reads it back byte for byte after a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
    const big = Buffer.alloc(3 * 1024 * 1024, 'bucket,data/object-0000.bin\n');
    try {
      const first = await testSandbox({ dataDir: dir });
      await first.s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
      await first.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'manifests/big.csv', Body: big }));
      await first.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'small', Body: 'small body' }));
      await first.close();
      const snapshot = readFileSync(path.join(dir, 'sandbox-state.json'), 'utf8');
      expect(snapshot.length).toBeLessThan(64 * 1024);
      expect(readdirSync(path.join(dir, 'bodies'))).toHaveLength(1);

      const second = await testSandbox({ dataDir: dir, startTime: 0 });
      try {
        const got = await second.s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'manifests/big.csv' }));
        expect(Buffer.from(await got.Body!.transformToByteArray()).equals(big)).toBe(true);
        const small = await second.s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'small' }));
        expect(await small.Body!.transformToString()).toBe('small body');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unsupported requests', () => {
  it('answer 501 NotImplemented with a pointer, never a silent success', async () => {
    const res = await fetch(`${t.sandbox.endpoint}/${Bucket}?lifecycle`, { method: 'PUT', body: '<LifecycleConfiguration/>' });
    expect(res.status).toBe(501);
    expect(await res.text()).toContain('docs/sandbox.md');
  });
});
