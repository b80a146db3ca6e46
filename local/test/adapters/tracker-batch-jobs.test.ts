/**
 * The restore-tracker's BatchJobs adapter (S3 Control DescribeJob) against the sandbox's S3
 * Batch Operations, on a manual clock: a job's status as it progresses with where its report
 * goes, a failed job's reasons, a cancelled job, a job without a report, an unknown job.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { S3ControlClient, UpdateJobStatusCommand } from '@aws-sdk/client-s3-control';
import { clientOptions } from '@s3-bulk-restore/shared';
import { S3ControlBatchJobs } from '../../../services/restore-tracker/src/adapters/aws/s3-control-batch-jobs.js';
import type { BatchHarness } from '../sandbox/batch-support.js';
import { ACCOUNT, createBuckets, createJob, putManifest, putObjects, restoreJob, startBatchSandbox } from '../sandbox/batch-support.js';

describe('restore-tracker BatchJobs on the sandbox', () => {
  let h: BatchHarness;
  let control: S3ControlClient;
  let batchJobs: S3ControlBatchJobs;
  let etag: string;
  const manifestArn = 'arn:aws:s3:::manifests/tracker.csv';

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['a', 'b c', 'd+e']);
    etag = await putManifest(h.s3, 'manifests', 'tracker.csv', [['archive', 'a'], ['archive', 'b c'], ['archive', 'd+e']]);
    control = new S3ControlClient(
      clientOptions('s3control', { endpoints: { s3control: h.sandbox.endpoint }, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    );
    batchJobs = new S3ControlBatchJobs({ client: control, accountId: ACCOUNT });
  });
  afterAll(async () => {
    control?.destroy();
    await h?.close();
  });

  it('follows a gated job from Suspended to Complete with its task counts', async () => {
    const id = await createJob(h.control, restoreJob(manifestArn, etag, { ConfirmationRequired: true }));
    expect(await batchJobs.describe(id)).toEqual({ status: 'New', failureReasons: [], tasks: { total: 0, succeeded: 0, failed: 0 }, report: { bucket: 'reports', prefix: 'batch' } });
    h.sandbox.clock.advance(60_000);
    expect(await batchJobs.describe(id)).toMatchObject({ status: 'Suspended', tasks: { total: 3 } });
    await control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Ready' }));
    h.sandbox.clock.advance(600_000);
    expect(await batchJobs.describe(id)).toEqual({ status: 'Complete', failureReasons: [], tasks: { total: 3, succeeded: 3, failed: 0 }, report: { bucket: 'reports', prefix: 'batch' } });
  });

  it('reports a failed job with its FailureReasons', async () => {
    const id = await createJob(h.control, restoreJob(manifestArn, '"0123456789abcdef0123456789abcdef"'));
    h.sandbox.clock.advance(10_000);
    const job = await batchJobs.describe(id);
    expect(job.status).toBe('Failed');
    expect(job.failureReasons).toEqual([{ code: 'ManifestETagMismatch', message: expect.stringContaining('ETag') }]);
  });

  it('reports a cancelled job', async () => {
    const id = await createJob(h.control, restoreJob(manifestArn, etag, { ConfirmationRequired: true }));
    h.sandbox.clock.advance(60_000);
    await control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Cancelled' }));
    h.sandbox.clock.advance(60_000);
    expect((await batchJobs.describe(id)).status).toBe('Cancelled');
  });

  it('gives no report location for a job whose report is disabled', async () => {
    const id = await createJob(h.control, restoreJob(manifestArn, etag, { Report: { Enabled: false } }));
    expect(await batchJobs.describe(id)).not.toHaveProperty('report');
  });

  it('says BatchJobNotFound for an unknown job', async () => {
    await expect(batchJobs.describe('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ name: 'NotFoundError', code: 'BatchJobNotFound' });
  });
});
