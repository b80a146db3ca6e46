/**
 * The reconciliation sweep, on the in-memory store and on a real SQLite file: what S3 shows for
 * unsettled objects is recorded with source `sweep`; a lost Completed event is recovered, a
 * readable object counts as available, a missing key fails only once the Batch job is done; a
 * second sweep (or an S3 event for the same fact) counts nothing twice; exactly one JobFinished.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import type { TrackerDeps } from '../../src/app/deps.js';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import { sweepJobs } from '../../src/app/sweep.js';
import { s3Event, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';
import { tempDatabaseFile } from '../sqlite/temp-database.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function memory(): { deps: TrackerDeps; fakes: TestDeps } {
  const fakes = testDeps();
  return { deps: fakes, fakes };
}

function sqlite(): { deps: TrackerDeps; fakes: TestDeps } {
  const temp = tempDatabaseFile();
  const db = openDatabase(temp.file);
  cleanups.push(() => {
    db.close();
    temp.remove();
  });
  const fakes = testDeps();
  return { deps: { ...fakes, store: new SqliteTrackerStore({ db }) }, fakes };
}

const ref = (key: string) => ({ bucket: 'archive', key });

async function restoringJob(deps: TrackerDeps, jobId: string, keys: string[]): Promise<void> {
  await deps.store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
  await deps.store.registerObjects(jobId, keys.map((key, i) => ({ line: i + 1, bucket: 'archive', key })));
  await deps.store.markTrackingReady(jobId, { totalObjects: keys.length, manifestLines: keys.length, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
}

describe.each([
  ['the in-memory store', memory],
  ['SQLite', sqlite],
])('the reconciliation sweep on %s', (_name, harness) => {
  it('recovers lost Completed events, counts readable objects as available, and finishes the job once', async () => {
    const { deps, fakes } = harness();
    await restoringJob(deps, 'j1', ['a', 'b', 'c', 'd']);
    // 'a' got its S3 event; the Completed events of 'b' and 'c' were lost; 'd' was never archived.
    await recordRestoreEvents(deps, [{ messageId: 'm1', body: s3Event('Object Restore Completed', 'archive', 'a') }]);
    fakes.observer.set(ref('a'), { kind: 'restored', expiresAt: '2030-01-03T00:00:00.000Z' });
    fakes.observer.set(ref('b'), { kind: 'restored', expiresAt: '2030-01-03T00:00:00.000Z' });
    fakes.observer.set(ref('c'), { kind: 'restored' });
    fakes.observer.set(ref('d'), { kind: 'readable', storageClass: 'STANDARD' });

    const first = await sweepJobs(deps);
    expect(first).toMatchObject({ jobs: 1, objects: 3, recorded: 3, transitions: 3, finished: 1, errors: 0 });
    // Only the unsettled objects were looked up ('a' was already restored).
    expect(fakes.observer.lookups.flat().map((r) => r.key).sort()).toEqual(['b', 'c', 'd']);
    const job = await deps.store.progress('j1');
    expect(job).toMatchObject({ status: 'Complete', counts: expect.objectContaining({ restored: 3, available: 1, failed: 0 }) });
    expect(fakes.bus.ofType('JobFinished')).toHaveLength(1);

    // A finished job is not swept again; nothing is published twice.
    const second = await sweepJobs(deps);
    expect(second).toMatchObject({ jobs: 0, recorded: 0 });
    expect(fakes.bus.ofType('JobFinished')).toHaveLength(1);
  });

  it('fails a missing key only once the Batch job is complete, and leaves archived objects waiting', async () => {
    const { deps, fakes } = harness();
    await restoringJob(deps, 'j2', ['gone', 'cold']);
    fakes.observer.set(ref('gone'), { kind: 'missing' });
    fakes.observer.set(ref('cold'), { kind: 'archived' });

    expect(await sweepJobs(deps)).toMatchObject({ jobs: 1, objects: 2, recorded: 0, transitions: 0 });
    await deps.store.recordBatchStatus('j2', { status: 'Complete', at: '2030-01-01T01:00:00.000Z' });
    expect(await sweepJobs(deps)).toMatchObject({ recorded: 1, transitions: 1, finished: 0 });
    expect((await deps.store.progress('j2'))!.counts).toMatchObject({ failed: 1, registered: 1 });
    const failed = await deps.store.listObjects('j2', { state: 'failed', limit: 10 });
    expect(failed.objects.map((o) => [o.ref.key, o.failure?.code])).toEqual([['gone', 'NoSuchKey']]);

    // Its restore starts, then completes: the job ends Complete with one failure.
    fakes.observer.set(ref('cold'), { kind: 'restoring' });
    expect(await sweepJobs(deps)).toMatchObject({ transitions: 1 });
    fakes.observer.set(ref('cold'), { kind: 'restored' });
    expect(await sweepJobs(deps)).toMatchObject({ transitions: 1, finished: 1 });
    expect(await deps.store.progress('j2')).toMatchObject({ status: 'Complete', counts: expect.objectContaining({ restored: 1, failed: 1 }) });
  });

  it('pages through unsettled objects, and an S3 event after the sweep changes nothing', async () => {
    const { deps, fakes } = harness();
    const keys = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    await restoringJob(deps, 'j3', keys);
    for (const key of keys.slice(0, 20)) fakes.observer.set(ref(key), { kind: 'restored' });
    expect(await sweepJobs(deps, { pageSize: 7 })).toMatchObject({ objects: 25, recorded: 20, transitions: 20, finished: 0 });
    expect(fakes.observer.lookups.every((l) => l.length <= 7)).toBe(true);
    // The real event arrives late: logged (another source), no transition, counts unchanged.
    const late = await recordRestoreEvents(deps, [{ messageId: 'late', body: s3Event('Object Restore Completed', 'archive', 'k00') }]);
    expect(late.transitions).toBe(0);
    expect((await deps.store.progress('j3'))!.counts).toMatchObject({ restored: 20, registered: 5 });
    // Sweeping again records nothing new for the ones it already saw.
    expect(await sweepJobs(deps, { pageSize: 7 })).toMatchObject({ recorded: 0, transitions: 0 });
  });

  it('leaves young jobs to their events, and logs a failing lookup without throwing', async () => {
    const { deps, fakes } = harness();
    await restoringJob(deps, 'j4', ['x']);
    fakes.observer.set(ref('x'), { kind: 'restored' });
    fakes.clock.now = new Date('2030-01-01T00:30:00.000Z');
    expect(await sweepJobs(deps, { minAgeMs: 60 * 60_000 })).toMatchObject({ jobs: 0, objects: 0 });
    fakes.clock.now = new Date('2030-01-01T01:30:00.000Z');
    fakes.observer.failNext = new Error('S3 is down');
    expect(await sweepJobs(deps, { minAgeMs: 60 * 60_000 })).toMatchObject({ jobs: 1, errors: 1 });
    expect(fakes.logs.some((l) => l['msg'] === 'sweeping a job failed')).toBe(true);
    expect(await sweepJobs(deps, { minAgeMs: 60 * 60_000 })).toMatchObject({ finished: 1, errors: 0 });
  });
});
