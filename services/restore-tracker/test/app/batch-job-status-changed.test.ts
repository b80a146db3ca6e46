/**
 * `JobStatusChanged` events applied through the same function as the DescribeJob poll: a failed
 * Batch job ends the job `Failed` once with its reasons and its failed tasks counted, a cancelled
 * one `Cancelled`; duplicates, late progress statuses and the poller racing the event change
 * nothing more.
 */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { batchJobStatusChanged } from '../../src/app/batch-job-status-changed.js';
import type { BatchJobStatusChange } from '../../src/app/batch-job-status-changed.js';
import { pollBatchJobs } from '../../src/app/poll-batch-jobs.js';
import type { BatchJobDescription, ReportedTask } from '../../src/app/ports.js';
import { testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

const REPORT = { bucket: 'reports', prefix: 'reports/j' };
const THRESHOLD = { code: 'TaskFailureThresholdExceeded', message: 'More than 50% of the 3 tasks run so far failed.' };
const internalError = (key: string): ReportedTask => ({ bucket: 'archive', key, errorCode: 'InternalError', httpStatus: 500, message: 'We encountered an internal error. Please try again.' });

async function job(deps: TestDeps, jobId: string, keys = ['a', 'b', 'c']): Promise<void> {
  await deps.store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
  await deps.store.registerObjects(jobId, keys.map((key, i) => ({ line: i + 1, bucket: 'archive', key })));
  await deps.store.markTrackingReady(jobId, { totalObjects: keys.length, manifestLines: keys.length, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
}

function change(batchJobId: string, status: string, extra: Partial<BatchJobStatusChange> = {}): BatchJobStatusChange {
  return { batchJobId, status, failureCodes: [], statusChangeReason: [], ...extra };
}

/** A Batch job of `jobId` that failed two of its three tasks (a and b) and says why. */
function failedWithReport(deps: TestDeps, jobId: string, failureReasons = [THRESHOLD]): BatchJobDescription {
  deps.reports.reports.set(`batch-${jobId}`, { at: REPORT, tasks: [internalError('a'), internalError('b')] });
  const description: BatchJobDescription = { status: 'Failed', failureReasons, tasks: { total: 3, succeeded: 1, failed: 2 }, report: REPORT };
  deps.batchJobs.jobs.set(`batch-${jobId}`, description);
  return description;
}

describe('batchJobStatusChanged', () => {
  it('ends the job Failed once, with the Batch job’s reasons and its failed tasks as FailedBatchFiles', async () => {
    const deps = testDeps();
    await job(deps, 'f');
    failedWithReport(deps, 'f');

    const result = await batchJobStatusChanged(deps, change('batch-f', 'Failed', { failureCodes: ['TaskFailureThresholdExceeded'] }));

    expect(result).toEqual({ outcome: 'finished', jobId: 'f', reportTasks: 2 });
    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([
      expect.objectContaining({
        jobId: 'f',
        status: 'Failed',
        reason: 'The Batch Operations job failed (TaskFailureThresholdExceeded: More than 50% of the 3 tasks run so far failed.)',
        failures: [THRESHOLD],
        counts: { registered: 1, requested: 0, restoring: 0, restored: 0, available: 0, failed: 2 },
        progressPercent: 66,
      }),
    ]);
    expect(contracts.jobFinished.is(finished[0])).toBe(true);
    expect(await deps.store.progress('f')).toMatchObject({ status: 'Failed', batchStatus: 'Failed' });
    // The same event again (EventBridge delivers at least once), then the poller: nothing more.
    expect(await batchJobStatusChanged(deps, change('batch-f', 'Failed'))).toEqual({ outcome: 'not-tracked' });
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 0, described: 0, finished: 0 });
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
    expect(deps.reports.reads).toHaveLength(1);
  });

  it('ends the job Cancelled when its Batch job was cancelled', async () => {
    const deps = testDeps();
    await job(deps, 'c');
    deps.batchJobs.jobs.set('batch-c', { status: 'Cancelled', failureReasons: [], tasks: { total: 3, succeeded: 0, failed: 0 } });

    expect(await batchJobStatusChanged(deps, change('batch-c', 'Cancelled'))).toEqual({ outcome: 'finished', jobId: 'c', reportTasks: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ jobId: 'c', status: 'Cancelled', reason: 'The Batch Operations job was cancelled', counts: { registered: 3, requested: 0, restoring: 0, restored: 0, available: 0, failed: 0 } }),
    ]);
  });

  it('records a completed Batch job once; a duplicate and a late Active change nothing and describe nothing', async () => {
    const deps = testDeps();
    await job(deps, 'k');
    deps.batchJobs.jobs.set('batch-k', { status: 'Complete', failureReasons: [], tasks: { total: 3, succeeded: 3, failed: 0 }, report: REPORT });

    expect(await batchJobStatusChanged(deps, change('batch-k', 'Complete'))).toEqual({ outcome: 'recorded', jobId: 'k', reportTasks: 0 });
    expect(await batchJobStatusChanged(deps, change('batch-k', 'Complete'))).toEqual({ outcome: 'unchanged', jobId: 'k' });
    expect(await batchJobStatusChanged(deps, change('batch-k', 'Active'))).toEqual({ outcome: 'ignored' });
    expect(await batchJobStatusChanged(deps, change('batch-k', 'Completing'))).toEqual({ outcome: 'ignored' });

    expect(deps.batchJobs.described).toEqual(['batch-k']);
    expect(await deps.store.progress('k')).toMatchObject({ status: 'Restoring', batchStatus: 'Complete' });
    expect(deps.bus.events).toEqual([]);
    // The poller agrees: a completed Batch job is not described again.
    await pollBatchJobs(deps);
    expect(deps.batchJobs.described).toEqual(['batch-k']);
  });

  it('applies a completed Batch job’s report and completes the job when that settles its last objects', async () => {
    const deps = testDeps();
    await job(deps, 'r', ['a', 'b']);
    deps.reports.reports.set('batch-r', { at: REPORT, tasks: [{ bucket: 'archive', key: 'a', errorCode: 'NoSuchKey', httpStatus: 404, message: 'The specified key does not exist.' }, { bucket: 'archive', key: 'b', errorCode: 'InvalidObjectState', httpStatus: 403, message: 'not archived' }] });
    deps.batchJobs.jobs.set('batch-r', { status: 'Complete', failureReasons: [], tasks: { total: 2, succeeded: 0, failed: 2 }, report: REPORT });

    expect(await batchJobStatusChanged(deps, change('batch-r', 'Complete'))).toEqual({ outcome: 'finished', jobId: 'r', reportTasks: 2 });
    expect(deps.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ status: 'Complete', progressPercent: 100, counts: { registered: 0, requested: 0, restoring: 0, restored: 0, available: 1, failed: 1 } }),
    ]);
  });

  it('ends a job once when the poller saw the failure first, and when the event did', async () => {
    const pollerFirst = testDeps();
    await job(pollerFirst, 'p');
    failedWithReport(pollerFirst, 'p');
    expect(await pollBatchJobs(pollerFirst)).toMatchObject({ finished: 1 });
    expect(await batchJobStatusChanged(pollerFirst, change('batch-p', 'Failed'))).toEqual({ outcome: 'not-tracked' });
    expect(pollerFirst.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'p', status: 'Failed', counts: expect.objectContaining({ failed: 2 }) })]);

    // The event first, its JobFinished not yet confirmed published (the job is still in the active index).
    const eventFirst = testDeps();
    await job(eventFirst, 'e');
    failedWithReport(eventFirst, 'e');
    eventFirst.bus.failNext = new Error('EventBridge is down');
    await expect(batchJobStatusChanged(eventFirst, change('batch-e', 'Failed'))).rejects.toThrow('EventBridge is down');
    expect(await batchJobStatusChanged(eventFirst, change('batch-e', 'Failed'))).toEqual({ outcome: 'already-finished', jobId: 'e' });
    eventFirst.clock.now = new Date('2030-01-01T00:05:00.000Z');
    expect(await pollBatchJobs(eventFirst)).toMatchObject({ described: 0, finished: 0, republished: 1 });
    expect(eventFirst.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'e', status: 'Failed', counts: expect.objectContaining({ failed: 2 }) })]);
    expect(eventFirst.reports.reads).toHaveLength(1);
  });

  it('is retried while DescribeJob does not show the status yet, and applies it once it does', async () => {
    const deps = testDeps();
    await job(deps, 'l');
    deps.batchJobs.jobs.set('batch-l', { status: 'Failing', failureReasons: [], tasks: { total: 3, succeeded: 1, failed: 2 } });

    await expect(batchJobStatusChanged(deps, change('batch-l', 'Failed'))).rejects.toMatchObject({ name: 'DependencyError', code: 'BatchStatusNotDescribed' });
    expect(deps.bus.events).toEqual([]);
    expect((await deps.store.progress('l'))?.batchStatus).toBeUndefined();

    failedWithReport(deps, 'l');
    expect(await batchJobStatusChanged(deps, change('batch-l', 'Failed'))).toMatchObject({ outcome: 'finished', jobId: 'l' });
  });

  it('takes the event’s failure codes when DescribeJob gives no reason', async () => {
    const deps = testDeps();
    await job(deps, 'x');
    failedWithReport(deps, 'x', []);

    await batchJobStatusChanged(deps, change('batch-x', 'Failed', { failureCodes: ['ManifestParseError'], statusChangeReason: ['line 3 has 4 fields'] }));

    expect(deps.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ reason: 'The Batch Operations job failed (ManifestParseError: line 3 has 4 fields)', failures: [{ code: 'ManifestParseError', message: 'line 3 has 4 fields' }] }),
    ]);
  });

  it('finds the job across pages of the active index, and ignores a Batch job that is not ours', async () => {
    const deps = testDeps();
    // Ids padded so that the index (created at, then job id) lists j229 last, on the third page of 100.
    for (let i = 0; i < 230; i++) await deps.store.startJob({ jobId: `j${String(i).padStart(3, '0')}`, batchJobId: `batch-j${String(i).padStart(3, '0')}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 1 });
    deps.batchJobs.jobs.set('batch-j229', { status: 'Cancelled', failureReasons: [], tasks: { total: 0, succeeded: 0, failed: 0 } });

    expect(await batchJobStatusChanged(deps, change('batch-j229', 'Cancelled'))).toMatchObject({ outcome: 'finished', jobId: 'j229' });
    expect(deps.store.calls['activeJobs']).toBe(3);
    expect(await batchJobStatusChanged(deps, change('someone-elses-batch-job', 'Complete'))).toEqual({ outcome: 'not-tracked' });
    expect(deps.batchJobs.described).toEqual(['batch-j229']);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'j229', status: 'Cancelled' })]);
  });
});
