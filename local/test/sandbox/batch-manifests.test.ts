/**
 * Manifests a restore job reads: CSV with version ids, quoted fields and CRLF line ends, and
 * S3 Inventory reports (manifest.json + gzipped CSV files).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { BatchHarness } from './batch-support.js';
import { createBuckets, createJob, describeJob, formEncode, putManifest, readReport, restoreJob, startBatchSandbox } from './batch-support.js';

describe('Batch Operations manifests', () => {
  let h: BatchHarness;

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'versioned', 'manifests', 'inventory', 'reports');
  });

  afterAll(async () => {
    await h.close();
  });

  it('restores exactly the versions a CSV manifest names', async () => {
    await h.s3.send(new PutBucketVersioningCommand({ Bucket: 'versioned', VersioningConfiguration: { Status: 'Enabled' } }));
    const put = (body: string) => h.s3.send(new PutObjectCommand({ Bucket: 'versioned', Key: 'doc v.txt', Body: body, StorageClass: 'DEEP_ARCHIVE' }));
    const v1 = (await put('first')).VersionId!;
    const v2 = (await put('second')).VersionId!;
    const etag = await putManifest(h.s3, 'manifests', 'versions.csv', [['versioned', 'doc v.txt', v1]]);
    const id = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/versions.csv', etag, {
        Manifest: {
          Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'VersionId'] },
          Location: { ObjectArn: 'arn:aws:s3:::manifests/versions.csv', ETag: etag },
        },
      }),
    );
    h.sandbox.clock.advance(10_000);
    expect((await describeJob(h.control, id)).ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 0 });
    const head = (versionId: string) => h.s3.send(new HeadObjectCommand({ Bucket: 'versioned', Key: 'doc v.txt', VersionId: versionId }));
    expect((await head(v1)).Restore).toBe('ongoing-request="true"');
    expect((await head(v2)).Restore).toBeUndefined();
    const { rows } = await readReport(h.s3, 'reports', `batch/job-${id}`);
    expect(rows['succeeded']).toEqual([expect.objectContaining({ bucket: 'versioned', key: 'doc v.txt', versionId: v1 })]);
  });

  it('reads quoted CSV fields, CRLF line ends and Ignore columns', async () => {
    await h.s3.send(new PutObjectCommand({ Bucket: 'archive', Key: 'x y+z', Body: 'x', StorageClass: 'GLACIER' }));
    const body = `"archive","${formEncode('x y+z')}","ignored"\r\n`;
    const put = await h.s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'quoted.csv', Body: body }));
    const id = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/quoted.csv', put.ETag!, {
        Manifest: {
          Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'Ignore'] },
          Location: { ObjectArn: 'arn:aws:s3:::manifests/quoted.csv', ETag: put.ETag! },
        },
      }),
    );
    h.sandbox.clock.advance(10_000);
    expect((await describeJob(h.control, id)).ProgressSummary).toMatchObject({ TotalNumberOfTasks: 1, NumberOfTasksSucceeded: 1 });
    expect((await h.s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: 'x y+z' }))).Restore).toBe('ongoing-request="true"');
  });

  it('reads an S3 Inventory report: manifest.json and its gzipped CSV files, skipping delete markers', async () => {
    const keys = ['inv/one two', 'inv/ü+ö', 'inv/50%'];
    for (const key of keys) await h.s3.send(new PutObjectCommand({ Bucket: 'archive', Key: key, Body: key, StorageClass: 'GLACIER' }));
    const row = (key: string, deleteMarker: boolean) => `"archive","${formEncode(key)}","","true","${deleteMarker}","3"\n`;
    const files = [gzipSync(row(keys[0]!, false) + row(keys[1]!, false)), gzipSync(row(keys[2]!, false) + row('inv/gone', true))];
    const fileKeys = files.map((_, i) => `archive/daily/2030-01-01T00-00Z/data/part-${i}.csv.gz`);
    await Promise.all(files.map((body, i) => h.s3.send(new PutObjectCommand({ Bucket: 'inventory', Key: fileKeys[i], Body: body }))));
    const manifest = {
      sourceBucket: 'archive',
      destinationBucket: 'arn:aws:s3:::inventory',
      version: '2016-11-30',
      creationTimestamp: '1893456000000',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size',
      files: files.map((body, i) => ({ key: fileKeys[i], size: body.length, MD5checksum: createHash('md5').update(body).digest('hex') })),
    };
    const put = await h.s3.send(new PutObjectCommand({ Bucket: 'inventory', Key: 'archive/daily/2030-01-01T00-00Z/manifest.json', Body: JSON.stringify(manifest) }));
    const arn = 'arn:aws:s3:::inventory/archive/daily/2030-01-01T00-00Z/manifest.json';
    const id = await createJob(
      h.control,
      restoreJob(arn, put.ETag!, { Manifest: { Spec: { Format: 'S3InventoryReport_CSV_20161130' }, Location: { ObjectArn: arn, ETag: put.ETag! } } }),
    );
    h.sandbox.clock.advance(10_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Complete');
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 3, NumberOfTasksSucceeded: 3, NumberOfTasksFailed: 0 });
    for (const key of keys) {
      expect((await h.s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: key }))).Restore).toBe('ongoing-request="true"');
    }
  });
});
