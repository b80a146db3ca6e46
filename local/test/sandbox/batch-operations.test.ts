/**
 * S3 Batch Operations restore jobs through the real S3 and S3 Control SDK clients, on a manual
 * virtual clock: lifecycle, counts, restores, completion report, idempotency, cancel, listing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DescribeJobCommand, ListJobsCommand, UpdateJobPriorityCommand, UpdateJobStatusCommand } from '@aws-sdk/client-s3-control';
import { writeObject } from '../../src/sandbox/state/objects.js';
import type { BatchHarness } from './batch-support.js';
import {
  ACCOUNT,
  HOUR,
  START,
  createBuckets,
  createJob,
  describeJob,
  jobEvents,
  putManifest,
  putObjects,
  readReport,
  restoreJob,
  startBatchSandbox,
} from './batch-support.js';

const KEYS = ['photos/red flower.jpg', 'a+b=c.txt', '100% done.bin', 'ünïcödé/日本語 ファイル.txt', 'quote"and,comma.txt'];

describe('S3 Batch Operations restore job lifecycle', () => {
  let h: BatchHarness;
  let jobId: string;

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', KEYS);
    const etag = await putManifest(h.s3, 'manifests', 'jobs/restore.csv', KEYS.map((k) => ['archive', k] as [string, string]));
    jobId = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/jobs/restore.csv', etag, {
        ConfirmationRequired: true,
        Description: 'legal hold 42',
        ClientRequestToken: 'token-lifecycle',
        Tags: [{ Key: 'team', Value: 'legal' }],
      }),
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it('returns a UUID-shaped job id and starts New', async () => {
    expect(jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const job = await describeJob(h.control, jobId);
    expect(job.Status).toBe('New');
    expect(job.JobArn).toBe(`arn:aws:s3:us-east-1:${ACCOUNT}:job/${jobId}`);
    expect(job.CreationTime?.getTime()).toBe(START);
    expect(job.Description).toBe('legal hold 42');
    expect(job.ConfirmationRequired).toBe(true);
    expect(job.Operation?.S3InitiateRestoreObject).toEqual({ ExpirationInDays: 3, GlacierJobTier: 'BULK' });
    expect(job.Manifest?.Spec).toEqual({ Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] });
    expect(job.Report).toEqual({ Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', Prefix: 'batch', ReportScope: 'AllTasks' });
    expect(job.RoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/batch-restore`);
    expect(job.ProgressSummary).toEqual({ TotalNumberOfTasks: 0, NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 0, Timers: { ElapsedTimeInActiveSeconds: 0 } });
  });

  it('prepares and waits Suspended for confirmation', async () => {
    h.sandbox.clock.advance(1_000);
    expect((await describeJob(h.control, jobId)).Status).toBe('Preparing');
    h.sandbox.clock.advance(60_000);
    const job = await describeJob(h.control, jobId);
    expect(job.Status).toBe('Suspended');
    expect(job.SuspendedDate?.getTime()).toBe(START + 3_000);
    expect(job.SuspendedCause).toBeTruthy();
    expect(job.ProgressSummary?.TotalNumberOfTasks).toBe(KEYS.length);
  });

  it('runs once confirmed and completes with every task succeeded', async () => {
    const confirmed = await h.control.send(
      new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: jobId, RequestedJobStatus: 'Ready', StatusUpdateReason: 'tracking ready' }),
    );
    expect(confirmed).toMatchObject({ JobId: jobId, Status: 'Ready', StatusUpdateReason: 'tracking ready' });
    h.sandbox.clock.advance(1_000);
    expect((await describeJob(h.control, jobId)).Status).toBe('Active');
    h.sandbox.clock.advance(1_000);
    expect((await describeJob(h.control, jobId)).Status).toBe('Completing');
    h.sandbox.clock.advance(1_000);
    const job = await describeJob(h.control, jobId);
    expect(job.Status).toBe('Complete');
    expect(job.StatusUpdateReason).toBe('tracking ready');
    expect(job.ProgressSummary).toEqual({ TotalNumberOfTasks: 5, NumberOfTasksSucceeded: 5, NumberOfTasksFailed: 0, Timers: { ElapsedTimeInActiveSeconds: 1 } });
    expect(job.TerminationDate).toBeInstanceOf(Date);
    expect(job.FailureReasons ?? []).toEqual([]);
  });

  it('has initiated real restores that complete on the clock', async () => {
    const before = await h.s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: KEYS[0] }));
    expect(before.Restore).toBe('ongoing-request="true"');
    h.sandbox.clock.advance(12 * HOUR);
    for (const key of KEYS) {
      const head = await h.s3.send(new HeadObjectCommand({ Bucket: 'archive', Key: key }));
      expect(head.Restore).toMatch(/^ongoing-request="false", expiry-date=".* 00:00:00 GMT"$/);
    }
  });

  it('writes a completion report that reads back with every key', async () => {
    const { manifest, rows } = await readReport(h.s3, 'reports', `batch/job-${jobId}`);
    expect(manifest.Format).toBe('Report_CSV_20180820');
    expect(manifest.ReportSchema).toBe('Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage');
    expect(manifest.Results.map((r) => r.TaskExecutionStatus)).toEqual(['succeeded']);
    expect(manifest.Results[0]!.Key).toMatch(new RegExp(`^batch/job-${jobId}/results/[0-9a-f]{40}\\.csv$`));
    expect(rows['succeeded']!.map((r) => r.key).sort()).toEqual([...KEYS].sort());
    expect(rows['succeeded']!.every((r) => r.bucket === 'archive' && r.status === 'succeeded' && r.httpStatus === '202')).toBe(true);
  });

  it('emitted CloudTrail-form events for creation and every status change', async () => {
    await h.sandbox.context.events.flush();
    expect(jobEvents(h.deliveries, jobId)).toEqual([
      ['JobCreated', 'New'],
      ['JobStatusChanged', 'Preparing'],
      ['JobStatusChanged', 'Suspended'],
      ['JobStatusChanged', 'Ready'],
      ['JobStatusChanged', 'Active'],
      ['JobStatusChanged', 'Completing'],
      ['JobStatusChanged', 'Complete'],
    ]);
    const event = h.deliveries.find((d) => d.kind === 'eventbridge' && JSON.stringify(d.event).includes('"JobCreated"'));
    expect(event?.kind === 'eventbridge' && event.event).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'AWS Service Event via CloudTrail',
      account: ACCOUNT,
      detail: { eventSource: 's3.amazonaws.com', eventType: 'AwsServiceEvent', serviceEventDetails: { jobId, status: 'New' } },
    });
  });

  it('returns the same job for a retried ClientRequestToken and refuses it for a different request', async () => {
    const etag = (await describeJob(h.control, jobId)).Manifest!.Location!.ETag!;
    const same = restoreJob('arn:aws:s3:::manifests/jobs/restore.csv', etag, {
      ConfirmationRequired: true,
      Description: 'legal hold 42',
      ClientRequestToken: 'token-lifecycle',
      Tags: [{ Key: 'team', Value: 'legal' }],
    });
    expect(await createJob(h.control, same)).toBe(jobId);
    await expect(createJob(h.control, { ...same, Priority: 99 })).rejects.toMatchObject({
      name: 'IdempotencyException',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('rejects a confirmation of a finished job with JobStatusException', async () => {
    await expect(
      h.control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: jobId, RequestedJobStatus: 'Ready' })),
    ).rejects.toMatchObject({ name: 'JobStatusException', $metadata: { httpStatusCode: 409 } });
  });
});

describe('S3 Batch Operations job management', () => {
  let h: BatchHarness;
  let etag: string;
  const arn = 'arn:aws:s3:::manifests/m.csv';

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['k1', 'k2', 'k3']);
    etag = await putManifest(h.s3, 'manifests', 'm.csv', [['archive', 'k1'], ['archive', 'k2'], ['archive', 'k3']]);
  });

  afterAll(async () => {
    await h.close();
  });

  it('cancels a Suspended job: Cancelling, then Cancelled without a report', async () => {
    const id = await createJob(h.control, restoreJob(arn, etag, { ConfirmationRequired: true }));
    h.sandbox.clock.advance(10_000);
    const out = await h.control.send(
      new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'no longer needed' }),
    );
    expect(out.Status).toBe('Cancelling');
    h.sandbox.clock.advance(1_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Cancelled');
    expect(job.TerminationDate).toBeInstanceOf(Date);
    expect(job.ProgressSummary?.NumberOfTasksSucceeded).toBe(0);
    await expect(
      h.control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Cancelled' })),
    ).rejects.toMatchObject({ name: 'JobStatusException' });
  });

  it('cancels an Active job part-way, keeping its progress and reporting the tasks that ran', async () => {
    const { s3: state, clock } = h.sandbox.context;
    const keys = Array.from({ length: 2500 }, (_, i) => `many/${i}`);
    for (const key of keys) writeObject(state, state.bucket('archive'), { key, body: Buffer.from(key), storageClass: 'GLACIER' }, clock.now(), 7);
    const manyEtag = await putManifest(h.s3, 'manifests', 'many.csv', keys.map((k) => ['archive', k] as [string, string]));
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/many.csv', manyEtag, { Report: { ...restoreJob(arn, etag).Report!, Prefix: 'cancelled' } }));
    h.sandbox.clock.advance(5_000); // created → Preparing 1 s → Ready 3 s → Active 4 s → first slice 5 s
    expect((await describeJob(h.control, id)).ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 1000 });
    const out = await h.control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Cancelled' }));
    expect(out.Status).toBe('Cancelling');
    h.sandbox.clock.advance(60_000);
    const job = await describeJob(h.control, id);
    expect(job.Status).toBe('Cancelled');
    expect(job.ProgressSummary).toEqual({ TotalNumberOfTasks: 2500, NumberOfTasksSucceeded: 1000, NumberOfTasksFailed: 0, Timers: { ElapsedTimeInActiveSeconds: 1 } });
    const { rows } = await readReport(h.s3, 'reports', `cancelled/job-${id}`);
    expect(rows['succeeded']).toHaveLength(1000);
  });

  it('answers NotFoundException for an unknown job and for another account', async () => {
    await expect(describeJob(h.control, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    const id = await createJob(h.control, restoreJob(arn, etag));
    await expect(h.control.send(new DescribeJobCommand({ AccountId: '210987654321', JobId: id }))).rejects.toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('updates a priority', async () => {
    const id = await createJob(h.control, restoreJob(arn, etag, { ConfirmationRequired: true }));
    const out = await h.control.send(new UpdateJobPriorityCommand({ AccountId: ACCOUNT, JobId: id, Priority: 77 }));
    expect(out).toMatchObject({ JobId: id, Priority: 77 });
    expect((await describeJob(h.control, id)).Priority).toBe(77);
    await expect(h.control.send(new UpdateJobPriorityCommand({ AccountId: ACCOUNT, JobId: id, Priority: -1 }))).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('lists jobs newest first, filtered by status and paginated', async () => {
    h.sandbox.clock.advance(10_000);
    const all = await h.control.send(new ListJobsCommand({ AccountId: ACCOUNT }));
    const statuses = all.Jobs!.map((j) => j.Status).sort();
    expect(statuses).toEqual(['Cancelled', 'Cancelled', 'Complete', 'Suspended']);
    expect(all.Jobs!.every((j) => j.Operation === 'S3InitiateRestoreObject')).toBe(true);
    const times = all.Jobs!.map((j) => j.CreationTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const filtered = await h.control.send(new ListJobsCommand({ AccountId: ACCOUNT, JobStatuses: ['Suspended', 'Complete'] }));
    expect(filtered.Jobs!.map((j) => j.Status).sort()).toEqual(['Complete', 'Suspended']);
    const complete = filtered.Jobs!.find((j) => j.Status === 'Complete')!;
    expect(complete.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 3, NumberOfTasksSucceeded: 3 });

    const first = await h.control.send(new ListJobsCommand({ AccountId: ACCOUNT, MaxResults: 2 }));
    expect(first.Jobs).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const second = await h.control.send(new ListJobsCommand({ AccountId: ACCOUNT, MaxResults: 2, NextToken: first.NextToken }));
    expect(second.Jobs).toHaveLength(2);
    expect(second.NextToken).toBeUndefined();
    expect(new Set([...first.Jobs!, ...second.Jobs!].map((j) => j.JobId)).size).toBe(4);

    const other = await h.control.send(new ListJobsCommand({ AccountId: '210987654321' }));
    expect(other.Jobs ?? []).toEqual([]);
  });

  it('rejects a bad ListJobs status filter', async () => {
    await expect(h.control.send(new ListJobsCommand({ AccountId: ACCOUNT, JobStatuses: ['Sleeping' as never] }))).rejects.toMatchObject({
      name: 'InvalidRequestException',
    });
  });
});
