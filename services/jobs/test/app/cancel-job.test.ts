/** `cancelJob` on fakes: the Batch job cancelled, `JobCancelRequested` on the bus, the read model left to the tracker's events. */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { JobRecord } from '../../src/app/job-record.js';
import { appHarness, createBody } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import { errorOf } from '../support/errors.js';
import { envelope, finished, progressed, trackingReady } from '../support/fixtures.js';

async function restoring(h: AppHarness): Promise<JobRecord> {
  const { BulkJobId } = await h.app.createJob(createBody());
  const job = (await h.store.get(BulkJobId))!;
  await h.app.onTrackingReady(trackingReady(job, 100));
  await h.app.onTrackerEvent(envelope('JobProgressed', progressed(job, { restored: 30, restoring: 70 }, { seconds: 60, percent: 30 })));
  return (await h.store.get(BulkJobId))!;
}

const cancelRequests = (h: AppHarness) => h.bus.events.filter((e) => e.detailType === 'JobCancelRequested');

describe('cancelJob', () => {
  it('cancels the Batch job, asks the tracker to end the job, and answers the job as it stands', async () => {
    const h = appHarness();
    const job = await restoring(h);
    const view = await h.app.cancelJob(job.jobId);

    expect(view).toMatchObject({ JobId: job.jobId, Status: 'Restoring', Counts: expect.objectContaining({ restored: 30 }) });
    expect(h.batch.cancelCalls).toEqual([job.batchJobId]);
    expect(h.batch.jobs[0]!.status).toBe('Cancelled');
    const requests = cancelRequests(h);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ source: 's3-bulk-restore.jobs', detail: { schemaVersion: 1, jobId: job.jobId, batchJobId: job.batchJobId } });
    expect(contracts.jobCancelRequested.is(requests[0]!.detail)).toBe(true);
    // The read model moves only on the tracker's JobFinished.
    expect((await h.store.get(job.jobId))!.status).toBe('Restoring');
  });

  it('a second cancel while the first is in flight is accepted the same way; the tracker makes one Cancelled of both', async () => {
    const h = appHarness();
    const job = await restoring(h);
    const [first, second] = await Promise.all([h.app.cancelJob(job.jobId), h.app.cancelJob(job.jobId)]);
    expect(second).toEqual(first);
    expect(cancelRequests(h)).toHaveLength(2);
  });

  it.each(['Complete', 'Failed', 'Cancelled', 'Timeout'] as const)('refuses a job already %s: 409 JobAlreadyFinished with its status, nothing cancelled', async (status) => {
    const h = appHarness();
    const job = await restoring(h);
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, status, { restored: 100 }, { seconds: 900, percent: status === 'Complete' ? 100 : 99 })));
    const error = await errorOf(h.app.cancelJob(job.jobId));
    expect(error).toMatchObject({ name: 'ConflictError', code: 'JobAlreadyFinished', details: { jobId: job.jobId, status } });
    expect(error.message).toContain(`already ended ${status}`);
    expect(h.batch.cancelCalls).toEqual([]);
    expect(cancelRequests(h)).toEqual([]);
  });

  it('404 JobNotFound (field id) for an unknown job, 400 InvalidJobId for a malformed id', async () => {
    const h = appHarness();
    expect(await errorOf(h.app.cancelJob('7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10'))).toMatchObject({ name: 'NotFoundError', code: 'JobNotFound', details: expect.objectContaining({ field: 'id' }) });
    expect(await errorOf(h.app.cancelJob('not a job id!'))).toMatchObject({ code: 'InvalidJobId', details: { field: 'id' } });
  });

  it('publishes nothing when the Batch job could not be cancelled (the request can be retried)', async () => {
    const h = appHarness();
    const job = await restoring(h);
    h.batch.cancel = async () => Promise.reject(new Error('S3 Control is down'));
    await expect(h.app.cancelJob(job.jobId)).rejects.toThrow('S3 Control is down');
    expect(cancelRequests(h)).toEqual([]);
  });
});
