/**
 * Batch Operations status events end to end on moto: the sandbox puts a Batch job's
 * `JobStatusChanged` (CloudTrail service event) on moto's default bus, the tracker's forward rule
 * (from its serverless.yml) puts it on the custom bus, the function's rule delivers it, and the job
 * ends `Failed` with the Batch job's reason — with the DescribeJob schedule never run.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { MOTO_MISSING, motoAvailable } from '../../../tools/testing/moto.js';
import { sandboxS3Client } from '../../src/sandbox/clients.js';
import { startE2E } from './harness/index.js';
import type { E2E } from './harness/index.js';
import { forJob, seed } from './support.js';

const describeE2E = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`e2e: ${MOTO_MISSING}\n`);

const REPORT_BUCKET = 's3-bulk-restore-dev-reports';

let e: E2E;
beforeAll(async () => {
  if (motoAvailable()) e = await startE2E({ seed: 11 });
}, 120_000);
afterAll(async () => e?.close());

describeE2E('Batch Operations status events on moto', () => {
  it('a Batch job that fails (its report bucket is gone) ends the job Failed through its JobStatusChanged, once, without a poll', async () => {
    const manifest = await seed(e, { bucket: 'archive-batch-fails', count: 5 });
    // S3 fails a Batch job whose report bucket does not exist while preparing it (sandbox: ReportBucketNotFound).
    const s3 = sandboxS3Client(e.sandbox.endpoint);
    await s3.send(new DeleteBucketCommand({ Bucket: REPORT_BUCKET }));
    try {
      const created = await e.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1 });
      expect(created.status).toBe(202);
      const jobId = created.body['BulkJobId'] as string;
      await e.settle();

      const byFunction = (name: string) => e.runtime.invocations.filter((i) => i.function === `restore-tracker/${name}`);
      expect(byFunction('pollBatchJobs')).toEqual([]);
      expect(byFunction('onBatchJobStatusChanged').filter((i) => i.ok)).toHaveLength(1);
      const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
      expect(finished).toEqual([expect.objectContaining({ Status: 'Failed', TotalObjects: 5, FailedBatchFiles: '0' })]);
      expect(finished[0]!['Reason']).toBe(`The Batch Operations job failed (ReportBucketNotFound: The report bucket arn:aws:s3:::${REPORT_BUCKET} does not exist.)`);
      expect((await e.api('GET', `/jobs/${jobId}`)).body).toMatchObject({ JobId: jobId, Status: 'Failed' });
    } finally {
      await s3.send(new CreateBucketCommand({ Bucket: REPORT_BUCKET }));
      s3.destroy();
    }
  }, 180_000);
});
