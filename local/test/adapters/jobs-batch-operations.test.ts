/**
 * The jobs service's BatchOperations adapter (S3 Control) and ManifestInspector (S3) against the
 * sandbox, on a manual clock: a gated restore job waits Suspended, a retried CreateJob with the
 * same token is the same job, confirm and cancel are idempotent, and the completion report lands
 * under reports/<jobId>.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { ConflictError, DependencyError, clientOptions } from '@s3-bulk-restore/shared';
import { S3ControlBatchOperations } from '../../../services/jobs/src/adapters/aws/s3-control-batch-operations.js';
import { S3ManifestInspector } from '../../../services/jobs/src/adapters/aws/s3-manifest-inspector.js';
import type { CreateRestoreJobInput } from '../../../services/jobs/src/app/ports.js';
import type { BatchHarness } from '../sandbox/batch-support.js';
import { ACCOUNT, HOUR, createBuckets, describeJob, putManifest, putObjects, startBatchSandbox } from '../sandbox/batch-support.js';
import { errorOf } from '../../../services/jobs/test/support/errors.js';


describe('jobs BatchOperations + ManifestInspector on the sandbox', () => {
  let h: BatchHarness;
  let control: S3ControlClient;
  let s3: S3Client;
  let batch: S3ControlBatchOperations;
  let etag: string;

  const settings = { endpoints: { s3control: '', s3: '' }, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } };
  const input = (jobId: string, overrides: Partial<CreateRestoreJobInput> = {}): CreateRestoreJobInput => ({
    clientRequestToken: `token-${jobId}`,
    manifest: { bucket: 'manifests', key: 'jobs/restore me.csv', etag, fields: ['Bucket', 'Key'] },
    tier: 'BULK',
    expirationDays: 3,
    clientTag: 'legal-hold',
    jobId,
    reportBucket: 'reports',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/batch-restore`,
    accountId: ACCOUNT,
    ...overrides,
  });
  const settle = () => h.sandbox.clock.advance(60_000);

  beforeAll(async () => {
    h = await startBatchSandbox();
    const endpoints = { s3control: h.sandbox.endpoint, s3: h.sandbox.endpoint };
    control = new S3ControlClient(clientOptions('s3control', { ...settings, endpoints }));
    s3 = new S3Client(clientOptions('s3', { ...settings, endpoints }));
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['a', 'b c', 'd+e']);
    await putManifest(h.s3, 'manifests', 'jobs/restore me.csv', [['archive', 'a'], ['archive', 'b c'], ['archive', 'd+e']]);
    // The ETag as the jobs service gets it: through its own manifest inspection.
    const inspection = await new S3ManifestInspector({ client: s3 }).inspect({ bucket: 'manifests', key: 'jobs/restore me.csv' });
    expect(inspection).toMatchObject({ hasVersionColumn: false, size: expect.any(Number) });
    etag = inspection.etag;
    batch = new S3ControlBatchOperations({ client: control, accountId: ACCOUNT });
  });
  afterAll(async () => {
    control?.destroy();
    s3?.destroy();
    await h?.close();
  });

  it('creates a gated restore job that waits Suspended, with the report, priority, description and operation asked for', async () => {
    const { batchJobId, response } = await batch.createRestoreJob(input('job-1'));
    expect(response).toEqual({ JobId: batchJobId });
    settle();
    const job = await describeJob(h.control, batchJobId);
    expect(job).toMatchObject({
      Status: 'Suspended',
      ConfirmationRequired: true,
      Priority: 10,
      Description: 's3-bulk-restore job-1',
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/batch-restore`,
      Operation: { S3InitiateRestoreObject: { GlacierJobTier: 'BULK', ExpirationInDays: 3 } },
      Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', Prefix: 'reports/job-1', ReportScope: 'AllTasks' },
      Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: 'arn:aws:s3:::manifests/jobs/restore me.csv', ETag: etag } },
    });
    expect(job.ProgressSummary?.TotalNumberOfTasks).toBe(3);
  });

  it('omits ExpirationInDays when none is given', async () => {
    const { batchJobId } = await batch.createRestoreJob(input('job-no-days', { expirationDays: undefined, tier: 'STANDARD', clientTag: undefined }));
    const job = await describeJob(h.control, batchJobId);
    expect(job.Operation?.S3InitiateRestoreObject).toEqual({ GlacierJobTier: 'STANDARD' });
  });

  it('a retried CreateJob with the same token is the same Batch job; the token with another request is IdempotencyConflict', async () => {
    const first = await batch.createRestoreJob(input('job-2'));
    const again = await batch.createRestoreJob(input('job-2'));
    expect(again.batchJobId).toBe(first.batchJobId);
    const error = await errorOf(batch.createRestoreJob(input('job-2', { tier: 'STANDARD' })));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('IdempotencyConflict');
  });

  it('a manifest ETag that does not match the object fails the Batch job when S3 reads the manifest (never runs it)', async () => {
    const { batchJobId } = await batch.createRestoreJob(input('job-bad-etag', { manifest: { bucket: 'manifests', key: 'jobs/restore me.csv', etag: '00000000000000000000000000000000', fields: ['Bucket', 'Key'] } }));
    settle();
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Failed');
  });

  it('confirm: not ready while S3 prepares the job, then Ready; confirming again is fine; the job runs and reports under reports/<jobId>', async () => {
    const { batchJobId } = await batch.createRestoreJob(input('job-3'));
    const early = await errorOf(batch.confirm(batchJobId));
    expect(early).toBeInstanceOf(DependencyError);
    expect(early).toMatchObject({ code: 'BatchJobNotReady', details: { retryable: true } });
    settle();
    expect(['Ready', 'Active']).toContain((await batch.confirm(batchJobId)).status);
    expect(['Ready', 'Active']).toContain((await batch.confirm(batchJobId)).status);
    h.sandbox.clock.advance(HOUR);
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Complete');
    expect((await batch.confirm(batchJobId)).status).toBe('Complete');
    const reports = await s3.send(new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'reports/job-3/' }));
    expect(reports.Contents?.map((o) => o.Key)).toContain(`reports/job-3/job-${batchJobId}/manifest.json`);
  });

  it('cancel: a Suspended job ends Cancelled; cancelling again, or a job S3 does not know, is fine; a cancelled job cannot be confirmed', async () => {
    const { batchJobId } = await batch.createRestoreJob(input('job-4'));
    settle();
    expect(['Cancelling', 'Cancelled']).toContain((await batch.cancel(batchJobId)).status);
    settle();
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Cancelled');
    expect((await batch.cancel(batchJobId)).status).toBe('Cancelled');
    expect((await batch.cancel('00000000-0000-4000-8000-000000000000')).status).toBe('NotFound');
    const error = await errorOf(batch.confirm(batchJobId));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'BatchJobNotConfirmable', details: { status: 'Cancelled' } });
  });

  it('cancel works before S3 has finished preparing the job (a job that failed at once)', async () => {
    const { batchJobId } = await batch.createRestoreJob(input('job-5'));
    expect(['Cancelling', 'Cancelled']).toContain((await batch.cancel(batchJobId)).status);
    settle();
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Cancelled');
  });
});
