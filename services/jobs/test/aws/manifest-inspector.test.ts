/** The S3 ManifestInspector against moto_server's S3 (and a fixed-status server for 403/500). */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DependencyError, ValidationError } from '@s3-bulk-restore/shared';
import { S3ManifestInspector } from '../../src/adapters/aws/s3-manifest-inspector.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { statusServer } from '../support/http-stub-server.js';
import { errorOf } from '../support/errors.js';

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const s3Client = (endpoint: string) => new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });


const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`${MOTO_MISSING}\n`);

describeMoto('S3ManifestInspector on moto_server S3', () => {
  let moto: MotoServer;
  let s3: S3Client;
  let inspector: S3ManifestInspector;
  const put = (bucket: string, key: string, body: string | Uint8Array) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: typeof body === 'string' ? Buffer.byteLength(body) : body.length }));

  beforeAll(async () => {
    moto = await startMoto();
    s3 = s3Client(moto.endpoint);
    inspector = new S3ManifestInspector({ client: s3 });
    await s3.send(new CreateBucketCommand({ Bucket: 'manifests' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'versioned-manifests' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned-manifests', VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  it('reads ETag (unquoted) and size of a Bucket,Key manifest', async () => {
    const body = 'archive,scans/page+001.tif\narchive,scans/page%2B002.tif\n';
    const out = await put('manifests', 'jobs/plain.csv', body);
    const result = await inspector.inspect({ bucket: 'manifests', key: 'jobs/plain.csv' });
    expect(result).toEqual({ etag: out.ETag!.replace(/"/g, ''), size: Buffer.byteLength(body), hasVersionColumn: false });
  });

  it('tells a Bucket,Key,VersionId manifest, and pins the version of the manifest object itself', async () => {
    await put('versioned-manifests', 'v.csv', 'archive,a.bin,old\n');
    const latest = await put('versioned-manifests', 'v.csv', '\r\n"archive","a,b.bin",3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\r\n');
    const result = await inspector.inspect({ bucket: 'versioned-manifests', key: 'v.csv' });
    expect(result.hasVersionColumn).toBe(true);
    expect(result.versionId).toBe(latest.VersionId);
    expect(result.etag).toBe(latest.ETag!.replace(/"/g, ''));
  });

  it('reads only the first 64 KiB: a big manifest with a valid first row passes', async () => {
    const row = 'archive,data/part-000000.parquet\n';
    const body = row.repeat(Math.ceil(200_000 / row.length));
    await put('manifests', 'big.csv', body);
    await expect(inspector.inspect({ bucket: 'manifests', key: 'big.csv' })).resolves.toMatchObject({ size: body.length, hasVersionColumn: false });
  });

  it.each([
    ['a missing key', 'manifests', 'nope.csv'],
    ['a missing bucket', 'no-such-bucket', 'x.csv'],
  ])('%s is ManifestNotFound (field key)', async (_label, bucket, key) => {
    const error = await errorOf(inspector.inspect({ bucket, key }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'ManifestNotFound', details: { field: 'key' } });
  });

  it('an empty object, or one of blank lines only, is EmptyManifest', async () => {
    await put('manifests', 'empty.csv', '');
    await put('manifests', 'blank.csv', '\n\r\n\n');
    for (const key of ['empty.csv', 'blank.csv']) {
      const error = await errorOf(inspector.inspect({ bucket: 'manifests', key }));
      expect(error).toMatchObject({ code: 'EmptyManifest', details: { field: 'key' } });
    }
  });

  it.each([
    ['a header row', 'Bucket,Key,VersionId,Size\narchive,a.bin\n', 1, 'WrongColumnCount'],
    ['a bad percent-encoding', 'archive,bad%zzkey\n', 1, 'InvalidKeyEncoding'],
    ['one column after two blank lines', '\n\njust-one-column\n', 3, 'WrongColumnCount'],
    ['a first row longer than 64 KiB', `archive,${'k'.repeat(70_000)}\n`, 1, 'LineTooLong'],
  ])('a first row with %s is InvalidManifest with its line', async (_label, body, line, reason) => {
    const key = `bad-${line}-${reason}.csv`;
    await put('manifests', key, body);
    const error = await errorOf(inspector.inspect({ bucket: 'manifests', key }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'InvalidManifest', details: { field: 'key', line, reason } });
  });
});

describe('S3ManifestInspector on refusals moto cannot produce', () => {
  it('403 on HeadObject is ManifestNotReadable (field key), not a 5xx', async () => {
    const server = await statusServer(403, 'AccessDenied');
    const client = s3Client(server.endpoint);
    try {
      const error = await errorOf(new S3ManifestInspector({ client }).inspect({ bucket: 'secret', key: 'm.csv' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'ManifestNotReadable', details: { field: 'key' } });
      expect(server.requests).toEqual([{ method: 'HEAD', url: '/secret/m.csv' }]);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('an S3 failure is a retryable DependencyError ManifestCheckFailed (503)', async () => {
    const server = await statusServer(500, 'InternalError');
    const client = s3Client(server.endpoint);
    try {
      const error = await errorOf(new S3ManifestInspector({ client }).inspect({ bucket: 'any', key: 'm.csv' }));
      expect(error).toBeInstanceOf(DependencyError);
      expect(error).toMatchObject({ code: 'ManifestCheckFailed', details: { httpStatus: 503 } });
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
