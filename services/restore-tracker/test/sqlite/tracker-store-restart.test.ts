/**
 * A restart resumes: what one store instance committed to the file, a new instance on a new
 * connection to the same file reads back whole, and carries on from (the local runner restarted
 * after a kill).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { emptyCounts, objectId } from '@s3-bulk-restore/shared';
import type { ObjectEventType, ObjectRef } from '@s3-bulk-restore/shared';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { ObjectEvent, TrackerStore } from '../../src/app/ports.js';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import { tempDatabaseFile } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const BUCKET = 'archive-bkt';
const ref = (key: string): ObjectRef => ({ bucket: BUCKET, key });
const event = (jobId: string, key: string, type: ObjectEventType, seq: number): ObjectEvent => ({
  jobId,
  object: ref(key),
  tracked: ref(key),
  type,
  eventId: `${type}-${key}-${seq}`,
  at: `2030-01-02T00:00:${String(seq).padStart(2, '0')}.000Z`,
  source: 's3',
});
const keys = ['a', 'b', 'c d+e', 'f'];
const entries = keys.map((key, i) => ({ line: i + 1, bucket: BUCKET, key }));

let temp: TempDatabase | undefined;
const open: SqliteDatabase[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  temp?.remove();
});

function storeOn(file: string): { db: SqliteDatabase; store: TrackerStore } {
  const db = openDatabase(file);
  open.push(db);
  return { db, store: new SqliteTrackerStore({ db }) };
}

/** Everything the port can read about the two jobs. */
async function snapshot(store: TrackerStore) {
  return {
    running: await store.progress('job-running'),
    finished: await store.progress('job-finished'),
    waiting: await store.findWaiting(keys.map(ref)),
    active: await store.activeJobs({ limit: 10 }),
  };
}

describe('SqliteTrackerStore after a restart', () => {
  it('reads back every job, object, counter and log entry from the file, and carries on', async () => {
    temp = tempDatabaseFile();
    const first = storeOn(temp.file);
    const manifest = { bucket: 'manifests', key: 'm.csv', etag: 'e1' };
    await first.store.startJob({ jobId: 'job-running', batchJobId: 'batch-1', createdAt: '2030-01-01T00:00:00.000Z', manifest, counterShards: 4 });
    await first.store.startJob({ jobId: 'job-finished', batchJobId: 'batch-2', createdAt: '2030-01-01T00:00:01.000Z', manifest, counterShards: 2 });
    await first.store.registerObjects('job-running', entries);
    await first.store.markTrackingReady('job-running', { totalObjects: 4, manifestLines: 4, duplicateLines: 0, at: '2030-01-01T01:00:00.000Z' });
    const batch = [event('job-running', 'a', 'RestoreInitiated', 1), event('job-running', 'b', 'RestoreCompleted', 2)];
    await first.store.record([...batch, { ...event('job-running', 'f', 'ObjectFailed', 3), failure: { code: 'NoSuchKey', message: 'gone', line: 4 } }]);
    await first.store.advancePublishedPercent('job-running', 50);
    await first.store.recordBatchStatus('job-running', { status: 'Active', tasks: { total: 4, succeeded: 2, failed: 1 }, at: '2030-01-02T00:01:00.000Z' });
    await first.store.finish('job-finished', { status: 'Failed', reason: 'bad manifest', failures: [{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 7 }], at: '2030-01-02T00:02:00.000Z' });
    const before = await snapshot(first.store);
    first.db.close();

    const second = storeOn(temp.file);
    expect(await snapshot(second.store)).toEqual(before);
    expect(before.running).toMatchObject({ status: 'Restoring', publishedPercent: 50, batchStatus: 'Active', counts: { ...emptyCounts(), registered: 1, restoring: 1, restored: 1, failed: 1 } });
    expect(before.waiting.get(objectId(ref('f')))?.[0]).toMatchObject({ state: 'failed', failure: { code: 'NoSuchKey', message: 'gone', line: 4 } });
    expect(before.finished?.outcome?.failures).toEqual([{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 7 }]);

    // Redelivered work finds what the first instance committed: nothing moves twice.
    expect(await second.store.startJob({ jobId: 'job-running', batchJobId: 'x', createdAt: '2031-01-01T00:00:00.000Z', manifest, counterShards: 4 })).toBe(false);
    expect(await second.store.registerObjects('job-running', entries)).toEqual({ registered: 4, duplicates: 0 });
    expect(await second.store.record(batch)).toEqual({ transitions: [], logged: 0, duplicates: 2 });
    expect(await second.store.finish('job-finished', { status: 'Complete', at: '2030-01-03T00:00:00.000Z' })).toBe(false);

    // And the job carries on to its end.
    const rest = await second.store.record([event('job-running', 'a', 'RestoreCompleted', 4), event('job-running', 'c d+e', 'ObjectAvailable', 5)]);
    expect(rest.transitions).toHaveLength(2);
    expect((await second.store.progress('job-running'))?.counts).toEqual({ ...emptyCounts(), restored: 2, available: 1, failed: 1 });
    expect(await second.store.finish('job-running', { status: 'Complete', at: '2030-01-03T00:00:00.000Z' })).toBe(true);
    await second.store.confirmFinishPublished('job-running');
    second.db.close();

    const third = storeOn(temp.file);
    expect((await third.store.activeJobs({ limit: 10 })).jobs.map((j) => j.jobId)).toEqual(['job-finished']);
    expect(await third.store.progress('job-running')).toMatchObject({ status: 'Complete', finishPublished: true, outcome: { status: 'Complete' } });
  });
});
