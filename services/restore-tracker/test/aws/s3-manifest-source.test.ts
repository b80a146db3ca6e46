/** The S3 ManifestSource against moto's S3: streamed bytes, If-Match on the ETag, typed errors. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parseManifest } from '@s3-bulk-restore/shared';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { S3ManifestSource } from '../../src/adapters/aws/s3-manifest-source.js';

const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);

async function bytesOf(source: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describeMoto('S3ManifestSource on moto S3', () => {
  let moto: MotoServer;
  let s3: S3Client;
  let source: S3ManifestSource;
  let etag: string;
  const body = 'archive,photos/red%20flower.jpg\narchive,a%2Bb+c.txt\n"archive","%E6%97%A5%E6%9C%AC.txt"\n';

  beforeAll(async () => {
    moto = await startMoto();
    s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'manifests' }));
    etag = (await s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'jobs/m 1.csv', Body: body }))).ETag as string;
    source = new S3ManifestSource({ client: s3 });
  });
  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  it('streams the manifest when its ETag matches, quoted or not', async () => {
    expect(await bytesOf(source.open({ bucket: 'manifests', key: 'jobs/m 1.csv', etag }))).toBe(body);
    expect(await bytesOf(source.open({ bucket: 'manifests', key: 'jobs/m 1.csv', etag: etag.replace(/"/g, '') }))).toBe(body);
  });

  it('feeds the shared parser, keys decoded', async () => {
    const keys: string[] = [];
    for await (const entry of parseManifest(source.open({ bucket: 'manifests', key: 'jobs/m 1.csv', etag }))) if (entry.kind === 'object') keys.push(entry.key);
    expect(keys).toEqual(['photos/red flower.jpg', 'a+b c.txt', '日本.txt']);
  });

  it('refuses a manifest that changed since the job was created', async () => {
    await expect(bytesOf(source.open({ bucket: 'manifests', key: 'jobs/m 1.csv', etag: '"0123456789abcdef0123456789abcdef"' }))).rejects.toMatchObject({
      name: 'DependencyError',
      code: 'ManifestChanged',
    });
  });

  it('says when the manifest does not exist', async () => {
    await expect(bytesOf(source.open({ bucket: 'manifests', key: 'nope.csv', etag }))).rejects.toMatchObject({ code: 'ManifestNotFound' });
    await expect(bytesOf(source.open({ bucket: 'no-such-bucket', key: 'm.csv', etag }))).rejects.toMatchObject({ code: 'ManifestNotFound' });
  });
});
