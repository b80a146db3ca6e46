/** Confirmation and the read model, driven by the tracker's events, on fakes. */
import { describe, expect, it } from '@jest/globals';
import { ValidationError, contracts, jobViewSchema, compileSchema } from '@s3-bulk-restore/shared';
import { appHarness, createBody } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import type { JobRecord } from '../../src/app/job-record.js';
import { envelope, finished, progressed, trackingReady } from '../support/fixtures.js';
import { errorOf } from '../support/errors.js';

async function created(h: AppHarness): Promise<JobRecord> {
  const { BulkJobId } = await h.app.createJob(createBody());
  return (await h.store.get(BulkJobId))!;
}


describe('onTrackingReady', () => {
  it('confirms the Batch job, then records the confirmation (Restoring)', async () => {
    const h = appHarness();
    const job = await created(h);
    expect(await h.app.onTrackingReady(trackingReady(job, 3))).toEqual({ outcome: 'confirmed', jobId: job.jobId });
    expect(h.batch.confirmCalls).toEqual([job.batchJobId]);
    expect(h.batch.jobs[0]!.status).toBe('Ready');
    expect(await h.store.get(job.jobId)).toMatchObject({ status: 'Restoring', confirmedAt: expect.any(String) });
  });

  it('a redelivered JobTrackingReady does not confirm twice', async () => {
    const h = appHarness();
    const job = await created(h);
    await h.app.onTrackingReady(trackingReady(job, 3));
    expect((await h.app.onTrackingReady(trackingReady(job, 3))).outcome).toBe('already-confirmed');
    expect(h.batch.confirmCalls).toHaveLength(1);
  });

  it('an unknown job, another Batch job, or a job already finished: nothing is confirmed', async () => {
    const h = appHarness();
    const job = await created(h);
    expect((await h.app.onTrackingReady({ ...trackingReady(job, 3), jobId: '00000000-0000-4000-8000-00000000dead' })).outcome).toBe('unknown-job');
    expect((await h.app.onTrackingReady({ ...trackingReady(job, 3), batchJobId: 'batch-other' })).outcome).toBe('other-batch-job');
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, 'Failed', {}, { seconds: 5, percent: 0, reason: 'bad lines' })));
    expect((await h.app.onTrackingReady(trackingReady(job, 3))).outcome).toBe('job-finished');
    expect(h.batch.confirmCalls).toEqual([]);
  });

  it('while S3 still prepares the Batch job: BatchJobNotReady (retryable), and nothing recorded', async () => {
    const h = appHarness();
    h.batch.initialStatus = 'Preparing';
    const job = await created(h);
    const error = await errorOf(h.app.onTrackingReady(trackingReady(job, 3)));
    expect(error).toMatchObject({ code: 'BatchJobNotReady', details: { retryable: true } });
    expect((await h.store.get(job.jobId))?.confirmedAt).toBeUndefined();
  });
});

describe('confirmReadyJobs (the safety net)', () => {
  it('confirms tracking-ready jobs still unconfirmed, skips the rest, and reports those S3 is still preparing', async () => {
    const h = appHarness();
    const ready = await created(h);
    const notReady = await created(h);
    h.batch.initialStatus = 'Preparing';
    const preparing = await created(h);
    await h.app.onTrackerEvent(envelope('JobTrackingReady', trackingReady(ready, 2)));
    await h.app.onTrackerEvent(envelope('JobTrackingReady', trackingReady(preparing, 2)));
    const result = await h.app.confirmReadyJobs();
    expect(result).toEqual({ confirmed: [ready.jobId], pending: [preparing.jobId] });
    expect(h.batch.confirmCalls).not.toContain(notReady.batchJobId);
    expect((await h.store.get(ready.jobId))?.status).toBe('Restoring');
  });
});

describe('onTrackerEvent', () => {
  const isJobView = compileSchema(jobViewSchema);

  it('keeps the read model current through a job’s life, served as a valid JobView', async () => {
    const h = appHarness();
    const job = await created(h);
    await h.app.onTrackerEvent(envelope('JobTrackingReady', trackingReady(job, 100, 10)));
    await h.app.onTrackingReady(trackingReady(job, 100, 10));
    const p = await h.app.onTrackerEvent(envelope('JobProgressed', progressed(job, { restoring: 58, restored: 40, failed: 2 }, { seconds: 60, percent: 42 })));
    expect(p).toMatchObject({ detailType: 'JobProgressed', jobId: job.jobId, update: { applied: true, status: 'Restoring' } });
    const view = await h.app.getJob(job.jobId);
    expect(isJobView(view)).toBe(true);
    expect(view).toMatchObject({ Status: 'Restoring', ProgressPercent: 42, FailedBatchFiles: 2, TotalObjects: 100, Counts: { restored: 40, failed: 2, restoring: 58 } });
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, 'Complete', { restored: 98, failed: 2 }, { seconds: 900, percent: 100 })));
    const done = await h.app.getJob(job.jobId);
    expect(isJobView(done)).toBe(true);
    expect(done).toMatchObject({ Status: 'Complete', ProgressPercent: 100, FailedBatchFiles: 2, FinishedAt: expect.any(String), TrackingReadyAt: expect.any(String) });
    expect(h.batch.cancelCalls).toEqual([]);
  });

  it('a late JobProgressed after JobFinished is ignored', async () => {
    const h = appHarness();
    const job = await created(h);
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, 'Complete', { restored: 100 }, { seconds: 900, percent: 100 })));
    const late = await h.app.onTrackerEvent(envelope('JobProgressed', progressed(job, { restored: 50, restoring: 50 }, { seconds: 500, percent: 50 })));
    expect(late.update).toEqual({ applied: false, reason: 'terminal', status: 'Complete' });
    expect((await h.app.getJob(job.jobId)).ProgressPercent).toBe(100);
  });

  it('a job that fails before its Batch job was confirmed gets the Batch job cancelled, also on redelivery', async () => {
    const h = appHarness();
    const job = await created(h);
    const failedEvent = envelope('JobFinished', { ...finished(job, 'Failed', {}, { seconds: 3, percent: 0, total: 0, reason: 'The manifest has 2 bad lines' }), failures: [{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 17 }] });
    const outcome = await h.app.onTrackerEvent(failedEvent);
    expect(outcome).toMatchObject({ update: { applied: true, status: 'Failed' }, cancelledBatchJob: job.batchJobId });
    expect(h.batch.jobs[0]!.status).toBe('Cancelled');
    await h.app.onTrackerEvent(failedEvent);
    expect(h.batch.cancelCalls).toEqual([job.batchJobId, job.batchJobId]);
    expect((await h.app.getJob(job.jobId)).Failures).toEqual([{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 17 }]);
  });

  it('a job that ends after confirmation leaves its Batch job alone', async () => {
    const h = appHarness();
    const job = await created(h);
    await h.app.onTrackingReady(trackingReady(job, 10));
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, 'Timeout', { restoring: 10 }, { seconds: 9_000, percent: 0, total: 10, reason: 'no restore event for 72 hours' })));
    expect(h.batch.cancelCalls).toEqual([]);
    expect((await h.app.getJob(job.jobId)).Failures).toEqual([{ code: 'JobTimeout', message: 'no restore event for 72 hours' }]);
  });

  it.each([
    ['another source', envelope('JobProgressed', {}, 's3-bulk-restore.jobs'), 'UnexpectedSource', 'source'],
    ['an unknown detail-type', envelope('JobExploded', {}), 'UnsupportedEvent', 'detail-type'],
    ['a detail that breaks its schema', envelope('JobProgressed', { schemaVersion: 1, jobId: 'x' }), 'InvalidEvent', 'batchJobId'],
    ['no envelope', { detail: {} }, 'InvalidEvent', 'detail-type'],
  ])('refuses %s with a code and field', async (_label, event, code, field) => {
    const h = appHarness();
    const error = await errorOf(h.app.onTrackerEvent(event));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code, details: { field } });
  });

  it('the tracker events used here are valid against their contracts', () => {
    const job = { jobId: 'j-1', batchJobId: 'b-1' } as JobRecord;
    expect(contracts.jobTrackingReady.is(trackingReady(job, 1))).toBe(true);
    expect(contracts.jobProgressed.is(progressed(job, { restored: 1 }, { seconds: 1, percent: 1 }))).toBe(true);
    expect(contracts.jobFinished.is(finished(job, 'Complete', { restored: 1 }, { seconds: 1, percent: 100 }))).toBe(true);
  });
});
