/** `JobCancelRequested`: the tracker ends the job `Cancelled` once, the counts as they are. */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { JobCancelRequested } from '@s3-bulk-restore/shared';
import { cancelRequested } from '../../src/app/cancel-job.js';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import { registerManifest } from '../../src/app/register-manifest.js';
import { jobCreated, s3Event, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

const KEYS = ['a', 'b', 'c', 'd'];

/** A `Restoring` job over KEYS whose first `restored` objects are restored. */
async function restoringJob(deps: TestDeps, jobId: string, restored: number): Promise<void> {
  deps.manifests.put(`${jobId}.csv`, KEYS.map((k) => `archive,${k}`).join('\n'));
  await registerManifest(deps, jobCreated(jobId));
  await recordRestoreEvents(deps, KEYS.slice(0, restored).map((k) => ({ messageId: `done-${k}`, body: s3Event('Object Restore Completed', 'archive', k) })));
}

function request(jobId: string, batchJobId = `batch-${jobId}`): JobCancelRequested {
  return contracts.jobCancelRequested.parse({ schemaVersion: 1, jobId, batchJobId, requestedAt: '2030-01-01T12:00:00.000Z' });
}

describe('cancelRequested', () => {
  it('ends a restoring job Cancelled "cancelled by request", what was restored still counted', async () => {
    const deps = testDeps();
    await restoringJob(deps, 'c1', 2);
    deps.clock.now = new Date('2030-01-01T12:00:01.000Z');

    expect(await cancelRequested(deps, request('c1'))).toBe('cancelled');

    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([
      expect.objectContaining({
        jobId: 'c1',
        status: 'Cancelled',
        reason: 'cancelled by request',
        totalObjects: 4,
        counts: { registered: 2, requested: 0, restoring: 0, restored: 2, available: 0, failed: 0 },
        progressPercent: 50,
        at: '2030-01-01T12:00:01.000Z',
      }),
    ]);
    expect(contracts.jobFinished.is(finished[0])).toBe(true);
    expect(await deps.store.progress('c1')).toMatchObject({ status: 'Cancelled', finishPublished: true });
  });

  it('a second request, in flight at the same time or later, changes nothing: one JobFinished', async () => {
    const deps = testDeps();
    await restoringJob(deps, 'c2', 1);
    const outcomes = await Promise.all([cancelRequested(deps, request('c2')), cancelRequested(deps, request('c2'))]);
    expect(outcomes.sort()).toEqual(['already-finished', 'cancelled']);
    expect(await cancelRequested(deps, request('c2'))).toBe('already-finished');
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
  });

  it('leaves a job that already ended as it ended', async () => {
    const deps = testDeps();
    await restoringJob(deps, 'done', 4);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Complete' })]);
    expect(await cancelRequested(deps, request('done'))).toBe('already-finished');
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
    expect((await deps.store.progress('done'))?.status).toBe('Complete');
  });

  it('restore events after the cancel are logged but move no outcome: no second JobFinished, no JobProgressed', async () => {
    const deps = testDeps();
    await restoringJob(deps, 'late', 1);
    const progressedBefore = deps.bus.ofType('JobProgressed').length;
    await cancelRequested(deps, request('late'));
    const result = await recordRestoreEvents(deps, KEYS.map((k) => ({ messageId: `late-${k}`, body: s3Event('Object Restore Completed', 'archive', k) })));
    expect(result.failedMessageIds).toEqual([]);
    expect(result.finished).toBe(0);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Cancelled', counts: expect.objectContaining({ restored: 1 }) })]);
    expect(deps.bus.ofType('JobProgressed')).toHaveLength(progressedBefore);
    expect((await deps.store.progress('late'))?.outcome).toMatchObject({ status: 'Cancelled', reason: 'cancelled by request' });
  });

  it('cancels a job still registering its manifest; it is then never announced ready', async () => {
    const deps = testDeps();
    await deps.store.startJob({ jobId: 'prep', batchJobId: 'batch-prep', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'prep.csv', etag: 'e' }, counterShards: 4 });
    expect(await cancelRequested(deps, request('prep'))).toBe('cancelled');
    deps.manifests.put('prep.csv', 'archive,a\n');
    // The JobCreated whose registration was under way when the cancel came.
    expect(await registerManifest(deps, jobCreated('prep'))).toEqual({ status: 'Cancelled', totalObjects: 0 });
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([]);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Cancelled', totalObjects: 0, progressPercent: 0 })]);
  });

  it('throws JobNotFound for a job it does not know yet (the event is retried), and ignores a request about another Batch job', async () => {
    const deps = testDeps();
    await expect(cancelRequested(deps, request('nobody'))).rejects.toMatchObject({ name: 'NotFoundError', code: 'JobNotFound' });
    await restoringJob(deps, 'other', 0);
    expect(await cancelRequested(deps, request('other', 'batch-someone-else'))).toBe('other-batch-job');
    expect(deps.bus.ofType('JobFinished')).toEqual([]);
    expect(deps.logs).toContainEqual(expect.objectContaining({ msg: 'cancel request for another Batch job ignored', jobId: 'other' }));
  });
});
