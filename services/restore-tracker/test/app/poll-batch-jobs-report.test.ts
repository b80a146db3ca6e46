/**
 * pollBatchJobs reading a Batch job's completion report, on the in-memory store and on a real
 * SQLite file: failed tasks settle their objects (not archived → available, anything else →
 * failed), the job completes with exact counts and one `JobFinished`, and a second poll, a crash
 * before the Batch status is recorded or a reading stopped half-way counts nothing twice.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DependencyError } from '@s3-bulk-restore/shared';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import type { TrackerDeps } from '../../src/app/deps.js';
import { REPORT_CHUNK } from '../../src/app/apply-report.js';
import { sweepJobs } from '../../src/app/sweep.js';
import { pollBatchJobs } from '../../src/app/poll-batch-jobs.js';
import type { BatchJobDescription, ReportedTask, TrackerStore } from '../../src/app/ports.js';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import { s3Event, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';
import { tempDatabaseFile } from '../sqlite/temp-database.js';

const REPORT = { bucket: 'reports', prefix: 'reports/j' };
const NOT_ARCHIVED: Omit<ReportedTask, 'key'> = { bucket: 'archive', errorCode: 'InvalidObjectState', httpStatus: 403, message: "Restore is not allowed for the object's current storage class" };
const MISSING: Omit<ReportedTask, 'key'> = { bucket: 'archive', errorCode: 'NoSuchKey', httpStatus: 404, message: 'The specified key does not exist.' };

interface Harness {
  deps: TrackerDeps;
  fakes: TestDeps;
  /** `[event type, failure code]` of every event logged for the job from a report. */
  reportLog(jobId: string): Promise<Array<[string, string | undefined]>>;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function memoryHarness(): Harness {
  const fakes = testDeps();
  return {
    deps: fakes,
    fakes,
    reportLog: async (jobId) =>
      [...fakes.store.log.values()].filter((e) => e.jobId === jobId && e.source === 'report').map((e) => [e.type, e.failure?.code]),
  };
}

function sqliteHarness(): Harness {
  const temp = tempDatabaseFile();
  const db: SqliteDatabase = openDatabase(temp.file);
  cleanups.push(() => {
    db.close();
    temp.remove();
  });
  const fakes = testDeps();
  return {
    deps: { ...fakes, store: new SqliteTrackerStore({ db }) },
    fakes,
    reportLog: async (jobId) =>
      (db.prepare("SELECT event_type, failure_code FROM tracker_event_log WHERE job_id = ? AND source = 'report' ORDER BY event_type").all(jobId) as Array<{
        event_type: string;
        failure_code: string | null;
      }>).map((row) => [row.event_type, row.failure_code ?? undefined]),
  };
}

/** Make `method` of `store` throw once, as a process dying at that call would. */
function crashOnce(store: TrackerStore, method: 'recordBatchStatus' | 'record', afterCalls = 0): void {
  const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
  let calls = 0;
  (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    if (calls++ === afterCalls) throw new Error(`the process died in ${method}`);
    return original(...args);
  };
}

async function trackedJob(h: Harness, jobId: string, keys: string[], ready = true): Promise<void> {
  await h.deps.store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
  await h.deps.store.registerObjects(jobId, keys.map((key, i) => ({ line: i + 1, bucket: 'archive', key })));
  if (ready) await h.deps.store.markTrackingReady(jobId, { totalObjects: keys.length, manifestLines: keys.length, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
}

function batchEnded(status: string, total: number, failed: number, report = REPORT): BatchJobDescription {
  return { status, failureReasons: [], tasks: { total, succeeded: total - failed, failed }, report };
}

describe.each([
  ['the in-memory store', memoryHarness],
  ['SQLite', sqliteHarness],
])('pollBatchJobs with a completion report, on %s', (_name, harness) => {
  it('settles the failed tasks, then the last restore completes the job once, with exact counts', async () => {
    const h = harness();
    await trackedJob(h, 'j', ['plain', 'a b/ü+1.txt', 'restoring']);
    h.fakes.batchJobs.jobs.set('batch-j', batchEnded('Complete', 3, 2));
    h.fakes.reports.reports.set('batch-j', { at: REPORT, tasks: [{ ...NOT_ARCHIVED, key: 'plain' }, { ...MISSING, key: 'a b/ü+1.txt' }] });

    expect(await pollBatchJobs(h.deps)).toMatchObject({ described: 1, reportTasks: 2, finished: 0, errors: 0 });
    expect(await h.deps.store.progress('j')).toMatchObject({
      status: 'Restoring',
      batchStatus: 'Complete',
      counts: { registered: 1, requested: 0, restoring: 0, restored: 0, available: 1, failed: 1 },
    });
    expect(h.fakes.bus.ofType('JobProgressed')).toEqual([expect.objectContaining({ jobId: 'j', progressPercent: 66 })]);
    expect(await h.reportLog('j')).toEqual([
      ['ObjectAvailable', 'InvalidObjectState'],
      ['ObjectFailed', 'NoSuchKey'],
    ]);

    expect(await pollBatchJobs(h.deps)).toMatchObject({ described: 0, reportTasks: 0 });
    await recordRestoreEvents(h.deps, [{ messageId: 'm1', body: s3Event('Object Restore Completed', 'archive', 'restoring') }]);

    expect(h.fakes.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ jobId: 'j', status: 'Complete', progressPercent: 100, counts: expect.objectContaining({ restored: 1, available: 1, failed: 1 }) }),
    ]);
    expect(h.fakes.reports.reads).toHaveLength(1);
  });

  it('completes the job on the poll when the report settles its last objects, and publishes JobFinished once', async () => {
    const h = harness();
    await trackedJob(h, 'all', ['x', 'y', 'z']);
    h.fakes.batchJobs.jobs.set('batch-all', batchEnded('Complete', 3, 3));
    h.fakes.reports.reports.set('batch-all', {
      at: REPORT,
      tasks: [{ ...NOT_ARCHIVED, key: 'x' }, { ...MISSING, key: 'y' }, { bucket: 'archive', key: 'z', errorCode: 'AccessDenied', httpStatus: 403, message: 'Access Denied' }],
    });

    expect(await pollBatchJobs(h.deps)).toMatchObject({ reportTasks: 3, finished: 1, errors: 0 });
    expect(await pollBatchJobs(h.deps)).toMatchObject({ jobs: 0, described: 0 });

    expect(h.fakes.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ jobId: 'all', status: 'Complete', totalObjects: 3, counts: expect.objectContaining({ available: 1, failed: 2, restored: 0 }) }),
    ]);
  });

  it('reads the report again after a crash before the Batch status was recorded, counting nothing twice', async () => {
    const h = harness();
    await trackedJob(h, 'c', ['gone', 'standard', 'restoring']);
    h.fakes.batchJobs.jobs.set('batch-c', batchEnded('Complete', 3, 2));
    h.fakes.reports.reports.set('batch-c', { at: REPORT, tasks: [{ ...MISSING, key: 'gone' }, { ...NOT_ARCHIVED, key: 'standard' }] });
    crashOnce(h.deps.store, 'recordBatchStatus');

    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 1 });
    expect((await h.deps.store.progress('c'))?.batchStatus).toBeUndefined();
    expect(await pollBatchJobs(h.deps)).toMatchObject({ described: 1, reportTasks: 2, errors: 0 });
    expect(h.fakes.reports.reads).toHaveLength(2);
    expect(await h.deps.store.progress('c')).toMatchObject({ batchStatus: 'Complete', counts: expect.objectContaining({ available: 1, failed: 1, registered: 1 }) });
    expect(await h.reportLog('c')).toHaveLength(2);

    await recordRestoreEvents(h.deps, [{ messageId: 'm1', body: s3Event('Object Restore Completed', 'archive', 'restoring') }]);
    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Complete', counts: expect.objectContaining({ restored: 1, available: 1, failed: 1 }) })]);
  });

  it('finishes a job once when the crash comes after the report completed it', async () => {
    const h = harness();
    await trackedJob(h, 'f', ['x', 'y']);
    h.fakes.batchJobs.jobs.set('batch-f', batchEnded('Complete', 2, 2));
    h.fakes.reports.reports.set('batch-f', { at: REPORT, tasks: [{ ...MISSING, key: 'x' }, { ...MISSING, key: 'y' }] });
    crashOnce(h.deps.store, 'recordBatchStatus');

    expect(await pollBatchJobs(h.deps)).toMatchObject({ finished: 1, errors: 1 });
    expect(await pollBatchJobs(h.deps)).toMatchObject({ jobs: 0 });
    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Complete', counts: expect.objectContaining({ failed: 2 }) })]);
  });

  it(`records a long report in chunks of ${REPORT_CHUNK}, and a reading stopped half-way is finished by the next poll`, async () => {
    const h = harness();
    const keys = Array.from({ length: 250 }, (_, i) => `k${i}`);
    await trackedJob(h, 'big', keys);
    h.fakes.batchJobs.jobs.set('batch-big', batchEnded('Complete', 250, 250));
    const tasks = keys.map((key) => ({ ...MISSING, key }));
    h.fakes.reports.reports.set('batch-big', { at: REPORT, tasks, error: new Error('S3 throttled'), failAfter: 150 });

    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 1, finished: 0 });
    expect((await h.deps.store.progress('big'))?.counts).toMatchObject({ failed: REPORT_CHUNK, registered: 250 - REPORT_CHUNK });
    h.fakes.reports.reports.set('batch-big', { at: REPORT, tasks });
    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 0, finished: 1, reportTasks: 250 });

    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Complete', counts: expect.objectContaining({ failed: 250 }) })]);
    expect(await h.reportLog('big')).toHaveLength(250);
  });

  it('takes a restore already in progress as restoring, not failed, and ignores tasks naming objects the job does not track', async () => {
    const h = harness();
    await trackedJob(h, 'r', ['busy', 'gone']);
    h.fakes.batchJobs.jobs.set('batch-r', batchEnded('Complete', 3, 3));
    h.fakes.reports.reports.set('batch-r', {
      at: REPORT,
      tasks: [
        { bucket: 'archive', key: 'busy', errorCode: 'RestoreAlreadyInProgress', httpStatus: 409, message: 'Object restore is already in progress' },
        { ...MISSING, key: 'gone' },
        { ...MISSING, bucket: 'elsewhere', key: 'gone' },
      ],
    });

    await pollBatchJobs(h.deps);

    expect(await h.deps.store.progress('r')).toMatchObject({ status: 'Restoring', counts: expect.objectContaining({ restoring: 1, failed: 1 }) });
    expect(h.fakes.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'completion report applied', tasks: 3, unmatched: 1 }));
  });
});

describe('pollBatchJobs and the completion report (in memory)', () => {
  it('counts the failed objects of a failed Batch job in its JobFinished', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'f', ['a', 'b']);
    h.fakes.batchJobs.jobs.set('batch-f', { ...batchEnded('Failed', 2, 1), failureReasons: [{ code: 'TaskFailureThreshold', message: 'too many failures' }] });
    h.fakes.reports.reports.set('batch-f', { at: REPORT, tasks: [{ ...MISSING, key: 'b' }] });

    expect(await pollBatchJobs(h.deps)).toMatchObject({ finished: 1, reportTasks: 1 });
    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Failed', counts: expect.objectContaining({ failed: 1, registered: 1 }) })]);
  });

  it('still ends a cancelled Batch job whose report cannot be read, with a warning', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'x', ['a']);
    h.fakes.batchJobs.jobs.set('batch-x', batchEnded('Cancelled', 1, 1));

    expect(await pollBatchJobs(h.deps)).toMatchObject({ finished: 1, errors: 0 });
    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Cancelled' })]);
    expect(h.fakes.logs).toContainEqual(expect.objectContaining({ level: 'warn', error: expect.objectContaining({ code: 'ReportNotFound' }) }));
  });

  it('polls a completed Batch job again while its report cannot be read', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'late', ['a']);
    h.fakes.batchJobs.jobs.set('batch-late', batchEnded('Complete', 1, 1));

    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 1 });
    expect((await h.deps.store.progress('late'))?.batchStatus).toBeUndefined();
    h.fakes.reports.reports.set('batch-late', { at: REPORT, tasks: [{ ...MISSING, key: 'a' }] });
    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 0, finished: 1 });
  });

  it('passes over a malformed report of a completed Batch job, records its status, and lets the sweep settle the objects', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'bad-report', ['a', 'gone']);
    h.fakes.batchJobs.jobs.set('batch-bad-report', batchEnded('Complete', 2, 1));
    h.fakes.reports.reports.set('batch-bad-report', { at: REPORT, tasks: [], error: new DependencyError('ReportMalformed', 'results.csv line 3: 2 columns, expected 7') });

    expect(await pollBatchJobs(h.deps)).toMatchObject({ errors: 0, finished: 0 });
    expect((await h.deps.store.progress('bad-report'))?.batchStatus).toBe('Complete');
    expect(h.fakes.logs).toContainEqual(expect.objectContaining({ level: 'error', error: expect.objectContaining({ code: 'ReportMalformed' }) }));
    // The next poll does not read it again.
    await pollBatchJobs(h.deps);
    expect(h.fakes.reports.reads).toHaveLength(1);

    h.fakes.observer.set({ bucket: 'archive', key: 'a' }, { kind: 'restored', expiresAt: '2030-01-09T00:00:00.000Z' });
    h.fakes.observer.set({ bucket: 'archive', key: 'gone' }, { kind: 'missing' });
    await sweepJobs(h.deps, { minAgeMs: 0 });
    expect(h.fakes.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Complete', counts: expect.objectContaining({ restored: 1, failed: 1 }) })]);
  });

  it('reads no report when no task failed, or when tracking is not ready yet', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'ok', ['a']);
    await trackedJob(h, 'early', ['a'], false);
    h.fakes.batchJobs.jobs.set('batch-ok', batchEnded('Complete', 1, 0));
    h.fakes.batchJobs.jobs.set('batch-early', batchEnded('Complete', 1, 1));

    await pollBatchJobs(h.deps);

    expect(h.fakes.reports.reads).toEqual([]);
    expect((await h.deps.store.progress('ok'))?.batchStatus).toBe('Complete');
    expect((await h.deps.store.progress('early'))?.batchStatus).toBeUndefined();
  });

  it('warns when a Batch job with failed tasks writes no report', async () => {
    const h = memoryHarness();
    await trackedJob(h, 'n', ['a']);
    h.fakes.batchJobs.jobs.set('batch-n', { status: 'Complete', failureReasons: [], tasks: { total: 1, succeeded: 0, failed: 1 } });

    await pollBatchJobs(h.deps);

    expect(h.fakes.reports.reads).toEqual([]);
    expect(h.fakes.logs).toContainEqual(expect.objectContaining({ level: 'warn', failedTasks: 1 }));
  });
});
