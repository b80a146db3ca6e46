import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { announceFinished, finishJob } from '../../src/app/finish-job.js';
import { pollBatchJobs } from '../../src/app/poll-batch-jobs.js';
import { testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

const tasks = { total: 2, succeeded: 0, failed: 0 };

async function job(deps: TestDeps, jobId: string, ready = true): Promise<void> {
  await deps.store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: `2030-01-01T00:00:00.000Z`, manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
  await deps.store.registerObjects(jobId, [{ line: 1, bucket: 'archive', key: 'a' }, { line: 2, bucket: 'archive', key: 'b' }]);
  if (ready) await deps.store.markTrackingReady(jobId, { totalObjects: 2, manifestLines: 2, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
}

describe('pollBatchJobs', () => {
  it('fails a job whose Batch job failed, with its reasons, once', async () => {
    const deps = testDeps();
    await job(deps, 'f');
    deps.batchJobs.jobs.set('batch-f', { status: 'Failed', failureReasons: [{ code: 'ManifestETagMismatch', message: 'The manifest ETag does not match' }], tasks });
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 1, described: 1, finished: 1, errors: 0 });
    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([
      expect.objectContaining({
        jobId: 'f',
        status: 'Failed',
        reason: 'The Batch Operations job failed (ManifestETagMismatch: The manifest ETag does not match)',
        failures: [{ code: 'ManifestETagMismatch', message: 'The manifest ETag does not match' }],
        progressPercent: 0,
      }),
    ]);
    expect(contracts.jobFinished.is(finished[0])).toBe(true);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 0, described: 0 });
  });

  it('says how many tasks failed when the Batch job gives no reason', async () => {
    const deps = testDeps();
    await job(deps, 't');
    deps.batchJobs.jobs.set('batch-t', { status: 'Failed', failureReasons: [], tasks: { total: 2000, succeeded: 900, failed: 1100 } });
    await pollBatchJobs(deps);
    expect(deps.bus.ofType('JobFinished')[0]).toMatchObject({ reason: 'The Batch Operations job failed (1100 of 2000 tasks failed)' });
    expect(deps.bus.ofType('JobFinished')[0]).not.toHaveProperty('failures');
  });

  it('cancels a job whose Batch job was cancelled, even before tracking was ready', async () => {
    const deps = testDeps();
    await job(deps, 'c', false);
    deps.batchJobs.jobs.set('batch-c', { status: 'Cancelled', failureReasons: [], tasks });
    await pollBatchJobs(deps);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'c', status: 'Cancelled', reason: 'The Batch Operations job was cancelled' })]);
  });

  it('records a running Batch job, and stops describing it once it completed', async () => {
    const deps = testDeps();
    await job(deps, 'r');
    deps.batchJobs.jobs.set('batch-r', { status: 'Active', failureReasons: [], tasks });
    await pollBatchJobs(deps);
    expect((await deps.store.progress('r'))?.batchStatus).toBe('Active');
    deps.batchJobs.jobs.set('batch-r', { status: 'Complete', failureReasons: [], tasks: { total: 2, succeeded: 2, failed: 0 } });
    await pollBatchJobs(deps);
    await pollBatchJobs(deps);
    expect(deps.batchJobs.described).toEqual(['batch-r', 'batch-r']);
    expect(await deps.store.progress('r')).toMatchObject({ status: 'Restoring', batchStatus: 'Complete' });
    expect(deps.bus.events).toEqual([]);
  });

  it('pages through the active index and keeps going past one job’s error', async () => {
    const deps = testDeps();
    for (let i = 0; i < 7; i++) {
      await job(deps, `p${i}`);
      deps.batchJobs.jobs.set(`batch-p${i}`, i === 3 ? new Error('S3 Control throttled') : { status: 'Active', failureReasons: [], tasks });
    }
    const result = await pollBatchJobs(deps, { pageSize: 2 });
    expect(result).toMatchObject({ jobs: 7, described: 6, errors: 1 });
    expect(deps.store.calls['activeJobs']).toBe(4);
    expect(deps.logs).toEqual([expect.objectContaining({ msg: 'polling a job failed', jobId: 'p3' })]);
  });

  it('publishes again a finish whose JobFinished was never confirmed, after a grace period', async () => {
    const deps = testDeps();
    await job(deps, 'lost');
    await deps.store.finish('lost', { status: 'Complete', at: '2030-01-01T00:00:00.000Z' }); // the writer died here
    deps.clock.now = new Date('2030-01-01T00:00:30.000Z');
    expect(await pollBatchJobs(deps)).toMatchObject({ republished: 0 });
    deps.clock.now = new Date('2030-01-01T00:01:00.000Z');
    expect(await pollBatchJobs(deps)).toMatchObject({ republished: 1 });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'lost', status: 'Complete', progressPercent: 100 })]);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 0 });
    expect(deps.batchJobs.described).toEqual([]);
  });

  it('never publishes a finish a second time once it is confirmed, even from a stale listing', async () => {
    const deps = testDeps();
    await job(deps, 'done');
    await finishJob(deps, 'done', { status: 'Complete', at: '2030-01-01T00:00:00.000Z' });
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
    await announceFinished(deps, 'done'); // what an overlapping poll that listed the job earlier would do
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
  });
});
