/**
 * The SQLite store reads and writes through indexes: no statement a domain step runs scans a
 * table, so progress and the other steps cost the same however many jobs, objects and events the
 * file holds (the contract counts statements; this checks what each statement does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { TrackerStore } from '../../src/app/ports.js';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import { openCountingDatabase, tempDatabaseFile } from './temp-database.js';
import type { ExecutedStatement, TempDatabase } from './temp-database.js';

const BUCKET = 'archive-bkt';
let temp: TempDatabase;
let db: SqliteDatabase;
let executed: ExecutedStatement[];
let store: TrackerStore;

beforeAll(async () => {
  temp = tempDatabaseFile();
  ({ db, executed } = openCountingDatabase(temp.file));
  store = new SqliteTrackerStore({ db });
  await store.startJob({ jobId: 'j', batchJobId: 'b', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
});
afterAll(() => {
  db.close();
  temp.remove();
});

/** The query plan lines of every statement `step` ran. */
async function plansOf(step: () => Promise<unknown>): Promise<string[]> {
  const from = executed.length;
  await step();
  const ran = executed.slice(from);
  return ran.flatMap(({ source, args }) => (db.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as Array<{ detail: string }>).map((row) => row.detail));
}

describe('SqliteTrackerStore query plans', () => {
  const ref = { bucket: BUCKET, key: 'k1' };
  it.each<[string, () => Promise<unknown>]>([
    ['registerObjects', () => store.registerObjects('j', [{ line: 1, bucket: BUCKET, key: 'k1' }, { line: 2, bucket: BUCKET, key: 'k1' }])],
    ['markTrackingReady', () => store.markTrackingReady('j', { totalObjects: 1, manifestLines: 2, duplicateLines: 1, at: '2030-01-01T00:00:00.000Z' })],
    ['findWaiting', () => store.findWaiting([ref, { ...ref, versionId: 'v' }])],
    ['record', () => store.record([{ jobId: 'j', object: ref, tracked: ref, type: 'RestoreCompleted', eventId: 'e1', at: '2030-01-02T00:00:00.000Z', source: 's3' }])],
    ['progress', () => store.progress('j')],
    ['finish', () => store.finish('j', { status: 'Complete', at: '2030-01-03T00:00:00.000Z' })],
    ['listObjects', () => store.listObjects('j', { state: 'restored', limit: 10 })],
  ])('%s searches by key, never scans', async (_name, step) => {
    const plans = await plansOf(step);
    expect(plans.filter((detail) => detail.startsWith('SEARCH')).length).toBeGreaterThan(0);
    expect(plans.filter((detail) => detail.startsWith('SCAN'))).toEqual([]);
  });

  it.each<[string, { state?: 'registered' }]>([
    ['every state', {}],
    ['one state', { state: 'registered' }],
  ])('lists a job\'s objects (%s) along their index, first and next pages, without sorting', async (_name, filter) => {
    await store.startJob({ jobId: 'j3', batchJobId: 'b3', createdAt: '2030-01-01T00:00:02.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 1 });
    await store.registerObjects('j3', ['o1', 'o2', 'o3'].map((key, i) => ({ line: i + 1, bucket: BUCKET, key })));
    const firstPlans = await plansOf(() => store.listObjects('j3', { limit: 1, ...filter }));
    const first = await store.listObjects('j3', { limit: 1, ...filter });
    expect(first.cursor).toBeDefined();
    const nextPlans = await plansOf(() => store.listObjects('j3', { limit: 1, ...filter, ...(first.cursor ? { cursor: first.cursor } : {}) }));
    for (const plans of [firstPlans, nextPlans]) {
      expect(plans.join('\n')).toMatch(/SEARCH tracker_objects USING (COVERING )?INDEX tracker_objects_by_state \(job_id=\?/);
      expect(plans.filter((detail) => detail.startsWith('SCAN'))).toEqual([]);
      expect(plans.join('\n')).not.toMatch(/TEMP B-TREE/);
    }
    // The next page starts inside the index at the cursor, rather than skipping rows up to it.
    expect(nextPlans.join('\n')).toMatch(/line\)?>\(?\?/);
  });

  it('pages the active jobs along their partial index, without sorting', async () => {
    await store.startJob({ jobId: 'j2', batchJobId: 'b2', createdAt: '2030-01-01T00:00:01.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 1 });
    const first = await store.activeJobs({ limit: 1 });
    expect(first.cursor).toBeDefined();
    const plans = await plansOf(() => store.activeJobs({ limit: 1, ...(first.cursor ? { cursor: first.cursor } : {}) }));
    expect(plans.join('\n')).toMatch(/SEARCH tracker_jobs USING (COVERING )?INDEX tracker_jobs_active/);
    expect(plans.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});
