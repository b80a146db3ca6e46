/**
 * How Batch Operations restore jobs and tasks fail: bad manifests, the task-failure threshold,
 * RestoreObject's overlap rules per task, injected task faults, and CreateJob validation.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadObjectCommand, PutObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import { CreateJobCommand } from '@aws-sdk/client-s3-control';
import { writeObject } from '../../src/sandbox/state/objects.js';
import type { BatchHarness } from './batch-support.js';
import { createBuckets, createJob, describeJob, jobEvents, putManifest, putObjects, readReport, restoreJob, startBatchSandbox } from './batch-support.js';

describe('Batch Operations job failures', () => {
  let h: BatchHarness;
  let etag: string;

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['a', 'b']);
    etag = await putManifest(h.s3, 'manifests', 'm.csv', [['archive', 'a'], ['archive', 'b']]);
  });

  afterAll(async () => {
    await h.close();
  });

  it('fails a job whose manifest ETag does not match, running no task', async () => {
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/m.csv', '"0123456789abcdef0123456789abcdef"'));
    h.sandbox.clock.advance(10_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Failed');
    expect(job.FailureReasons).toEqual([{ FailureCode: 'ManifestETagMismatch', FailureReason: expect.stringContaining('ETag') }]);
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 0, NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 0 });
    expect(job.TerminationDate).toBeInstanceOf(Date);
    await h.sandbox.context.events.flush();
    expect(jobEvents(h.deliveries, id).map(([, status]) => status)).toEqual(['New', 'Preparing', 'Failed']);
  });

  it('accepts the manifest ETag with or without quotes', async () => {
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/m.csv', etag.replace(/"/g, '')));
    h.sandbox.clock.advance(10_000);
    expect((await describeJob(h.control, id)).Status).toBe('Complete');
  });

  it('fails a job whose manifest does not exist', async () => {
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/nope.csv', etag));
    h.sandbox.clock.advance(10_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Failed');
    expect(job.FailureReasons?.[0]?.FailureCode).toBe('ManifestNotFound');
  });

  it('fails a job whose manifest has an invalid URL encoding', async () => {
    await h.s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'bad.csv', Body: 'archive,ok\narchive,bad%E0%A4%A\n' }));
    const head = await h.s3.send(new HeadObjectCommand({ Bucket: 'manifests', Key: 'bad.csv' }));
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/bad.csv', head.ETag!));
    h.sandbox.clock.advance(10_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Failed');
    expect(job.FailureReasons?.[0]).toMatchObject({ FailureCode: 'ManifestParseError', FailureReason: expect.stringContaining('line 2') });
  });

  it('fails a job when more than half of its first 1,000+ tasks fail, reporting the failed tasks only', async () => {
    const { s3: state, clock } = h.sandbox.context;
    const bucket = state.bucket('archive');
    const keys: string[] = [];
    for (let i = 0; i < 1200; i++) {
      const key = `bulk/${String(i).padStart(4, '0')}`;
      // One in four is archived; the rest are STANDARD, so their restore is InvalidObjectState.
      writeObject(state, bucket, { key, body: Buffer.from(key), storageClass: i % 4 === 0 ? 'GLACIER' : 'STANDARD' }, clock.now(), 7);
      keys.push(key);
    }
    const manifestEtag = await putManifest(h.s3, 'manifests', 'bulk.csv', keys.map((k) => ['archive', k] as [string, string]));
    const id = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/bulk.csv', manifestEtag, {
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', Prefix: 'threshold', ReportScope: 'FailedTasksOnly' },
      }),
    );
    h.sandbox.clock.advance(10_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Failed');
    expect(job.FailureReasons?.[0]?.FailureCode).toBe('TaskFailureThresholdExceeded');
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 1200, NumberOfTasksSucceeded: 250, NumberOfTasksFailed: 750 });
    await h.sandbox.context.events.flush();
    expect(jobEvents(h.deliveries, id).map(([, status]) => status).slice(-3)).toEqual(['Active', 'Failing', 'Failed']);

    const { manifest, rows } = await readReport(h.s3, 'reports', `threshold/job-${id}`);
    expect(manifest.Results.map((r) => r.TaskExecutionStatus)).toEqual(['failed']);
    expect(rows['failed']).toHaveLength(750);
    expect(rows['failed']![0]).toMatchObject({ bucket: 'archive', key: 'bulk/0001', status: 'failed', httpStatus: '403', errorCode: 'InvalidObjectState' });
  });
});

describe('Batch Operations task outcomes and overlapping restores', () => {
  let h: BatchHarness;
  let jobId: string;

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['other-days', 'bulk-same-days', 'standard-same-days', 'restored']);
    await putObjects(h.s3, 'archive', ['hot'], 'STANDARD');
    const restore = (key: string, days: number, tier: 'Bulk' | 'Standard' | 'Expedited') =>
      h.s3.send(new RestoreObjectCommand({ Bucket: 'archive', Key: key, RestoreRequest: { Days: days, GlacierJobParameters: { Tier: tier } } }));
    await restore('restored', 1, 'Expedited');
    h.sandbox.clock.advance(10 * 60_000);
    await restore('other-days', 5, 'Bulk');
    await restore('bulk-same-days', 3, 'Bulk');
    await restore('standard-same-days', 3, 'Standard');
    const keys = ['other-days', 'bulk-same-days', 'standard-same-days', 'restored', 'missing', 'hot'];
    const etag = await putManifest(h.s3, 'manifests', 'overlap.csv', keys.map((k) => ['archive', k] as [string, string]));
    jobId = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/overlap.csv', etag, {
        Operation: { S3InitiateRestoreObject: { ExpirationInDays: 3, GlacierJobTier: 'STANDARD' } },
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', ReportScope: 'AllTasks' },
      }),
    );
    h.sandbox.clock.advance(10_000);
  });

  afterAll(async () => {
    await h.close();
  });

  it('completes below the failure threshold with per-task successes and failures', async () => {
    const job = await describeJob(h.control, jobId);
    expect(job.Status).toBe('Complete');
    expect(job.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 6, NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 4 });
  });

  it('applies the overlap rules of aws-facts §6.4 and reports each outcome (report at the bucket root without a prefix)', async () => {
    const { rows } = await readReport(h.s3, 'reports', `job-${jobId}`);
    const byKey = Object.fromEntries([...rows['succeeded']!, ...rows['failed']!].map((r) => [r.key, r]));
    expect(byKey['bulk-same-days']).toMatchObject({ status: 'succeeded', httpStatus: '202' });
    expect(byKey['restored']).toMatchObject({ status: 'succeeded', httpStatus: '200' });
    expect(byKey['other-days']).toMatchObject({ status: 'failed', httpStatus: '409', errorCode: 'RestoreAlreadyInProgress' });
    expect(byKey['standard-same-days']).toMatchObject({ status: 'failed', httpStatus: '409', errorCode: 'RestoreAlreadyInProgress' });
    expect(byKey['missing']).toMatchObject({ status: 'failed', httpStatus: '404', errorCode: 'NoSuchKey' });
    expect(byKey['hot']).toMatchObject({ status: 'failed', httpStatus: '403', errorCode: 'InvalidObjectState' });
  });
});

describe('Batch Operations injected task faults', () => {
  it('fails a seeded share of tasks with InternalError when taskFailureRate is set', async () => {
    const h = await startBatchSandbox({ faults: { batch: { taskFailureRate: 0.5 } } });
    try {
      await createBuckets(h.s3, 'archive', 'manifests', 'reports');
      const keys = Array.from({ length: 40 }, (_, i) => `f${i}`);
      await putObjects(h.s3, 'archive', keys);
      const etag = await putManifest(h.s3, 'manifests', 'f.csv', keys.map((k) => ['archive', k] as [string, string]));
      const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/f.csv', etag));
      h.sandbox.clock.advance(10_000);
      const job = await describeJob(h.control, id);
      expect(job.Status).toBe('Complete');
      const failed = job.ProgressSummary!.NumberOfTasksFailed!;
      expect(failed).toBeGreaterThan(5);
      expect(failed).toBeLessThan(35);
      const { rows } = await readReport(h.s3, 'reports', `batch/job-${id}`);
      expect(rows['failed']!.every((r) => r.errorCode === 'InternalError' && r.httpStatus === '500')).toBe(true);
    } finally {
      await h.close();
    }
  });
});

describe('CreateJob validation', () => {
  let h: BatchHarness;
  const valid = () => restoreJob('arn:aws:s3:::manifests/m.csv', '"e"');

  beforeAll(async () => {
    h = await startBatchSandbox();
  });

  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['a role ARN that is not an IAM role', { RoleArn: 'arn:aws:iam::123:user/x' }],
    ['an EXPEDITED tier', { Operation: { S3InitiateRestoreObject: { ExpirationInDays: 1, GlacierJobTier: 'EXPEDITED' as never } } }],
    ['a priority out of range', { Priority: -5 }],
    ['a manifest ARN that is not an object ARN', { Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820' as const, Fields: ['Bucket' as const, 'Key' as const] }, Location: { ObjectArn: 'arn:aws:s3:::bucket-only', ETag: 'e' } } }],
    ['CSV fields without Key', { Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820' as const, Fields: ['Bucket' as const] }, Location: { ObjectArn: 'arn:aws:s3:::m/m.csv', ETag: 'e' } } }],
    ['an enabled report without a bucket', { Report: { Enabled: true, Format: 'Report_CSV_20180820' as const } }],
  ])('answers BadRequestException (400) for %s', async (_what, overrides) => {
    await expect(h.control.send(new CreateJobCommand({ ...valid(), ...overrides }))).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers 501 for operations other than restore and for a ManifestGenerator', async () => {
    await expect(
      h.control.send(new CreateJobCommand({ ...valid(), Operation: { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } } })),
    ).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    const { Manifest: _omit, ...noManifest } = valid();
    await expect(
      h.control.send(
        new CreateJobCommand({
          ...noManifest,
          ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: 'arn:aws:s3:::archive', EnableManifestOutput: false } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotImplemented', message: expect.stringContaining('docs/sandbox.md') });
  });
});
