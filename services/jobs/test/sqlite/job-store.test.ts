/**
 * The SQLite JobStore (the local runner's) passes the JobStore contract on a real database file,
 * and what it wrote survives closing the database: a restarted runner finds every job as it was;
 * a file from before the client tag index is migrated, and the tag listings walk that index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrate, openDatabase } from '@s3-bulk-restore/shared/sqlite';
import { JOBS_SCHEMA } from '../../src/adapters/sqlite/job-rows.js';
import { prepareJobStatements } from '../../src/adapters/sqlite/job-statements.js';
import { SqliteJobStore } from '../../src/adapters/sqlite/sqlite-job-store.js';
import { jobStoreContract } from '../contracts/job-store.contract.js';
import { finished, jobRecord, progressed, trackingReady } from '../support/fixtures.js';

function tempDatabaseFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'jobs-sqlite-'));
  return { file: path.join(dir, 'runner.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

jobStoreContract('SQLite file', async () => {
  const temp = tempDatabaseFile();
  const db = openDatabase(temp.file);
  return {
    store: new SqliteJobStore({ db }),
    async cleanup() {
      db.close();
      temp.remove();
    },
  };
});

describe('SqliteJobStore across a restart', () => {
  const temp = tempDatabaseFile();
  afterAll(() => temp.remove());

  // Arrange: a job created with its idempotency claim and moved along, then the database closed.
  const job = jobRecord({ seconds: 50 });
  const other = jobRecord({ seconds: 60 });
  const progress = progressed(job, { restoring: 60, restored: 38, failed: 2 }, { seconds: 300, percent: 40 });
  beforeAll(async () => {
    const db = openDatabase(temp.file);
    const store = new SqliteJobStore({ db });
    await store.create(job, { key: 'restart-key', fingerprint: 'fp-restart' });
    await store.create(other);
    await store.markCreatedEventPublished(job.jobId);
    await store.applyTrackingReady(trackingReady(job, 100, 20));
    await store.markConfirmed(job.jobId, new Date(Date.parse(job.createdAt) + 30_000));
    await store.applyProgress(progress);
    await store.applyFinished(finished(other, 'Cancelled', {}, { seconds: 90, percent: 0, reason: 'cancelled by the operator' }));
    db.close();
  });

  it('a new store on the reopened file reads back every job, claim and listing, and carries on', async () => {
    const db = openDatabase(temp.file);
    try {
      const store = new SqliteJobStore({ db });
      const stored = await store.get(job.jobId);
      expect(stored).toMatchObject({ status: 'Restoring', createdEventPublished: true, totalObjects: 100, counts: progress.counts, progressPercent: 40, progressAt: progress.at });
      await expect(store.findByIdempotencyKey('restart-key')).resolves.toEqual({ job: stored, fingerprint: 'fp-restart' });
      await expect(store.create(job, { key: 'restart-key', fingerprint: 'fp-restart' })).resolves.toEqual({ job: stored, created: false });
      expect((await store.list({ limit: 10 })).jobs.map((j) => j.jobId)).toEqual([other.jobId, job.jobId]);
      expect((await store.list({ status: 'Cancelled', limit: 10 })).jobs).toMatchObject([{ jobId: other.jobId, reason: 'cancelled by the operator' }]);
      // The monotonic rules still hold against what was stored before the restart.
      expect(await store.applyProgress(progressed(job, { restoring: 80, restored: 20 }, { seconds: 400, percent: 20 }))).toMatchObject({ applied: false, reason: 'stale' });
    } finally {
      db.close();
    }
  });
});

describe('SqliteJobStore: listing by client tag', () => {
  it('a database from before the client tag index is migrated: its tagged jobs are listed by tag', async () => {
    // Arrange: a file at the schema before the client_tag steps, with jobs written the way that
    // code wrote them (no client_tag column).
    const temp = tempDatabaseFile();
    const released = JOBS_SCHEMA.slice(0, 4);
    const older = jobRecord({ seconds: 70, clientTag: 'from-before' });
    const newer = jobRecord({ seconds: 80, clientTag: 'from-before' });
    const { clientTag: _none, ...untagged } = jobRecord({ seconds: 90 });
    try {
      const before = openDatabase(temp.file);
      migrate(before, 'jobs', released);
      const insert = before.prepare('INSERT INTO jobs_records (job_id, status, list_sort_key, record) VALUES (?, ?, ?, ?)');
      for (const job of [older, newer, untagged]) insert.run(job.jobId, job.status, `${job.createdAt}#${job.jobId}`, JSON.stringify(job));
      before.close();

      // Act: the current store opens the file (and applies the new steps).
      const db = openDatabase(temp.file);
      try {
        const store = new SqliteJobStore({ db });
        const page1 = await store.list({ clientTag: 'from-before', limit: 1 });
        const page2 = await store.list({ clientTag: 'from-before', limit: 1, nextToken: page1.nextToken! });

        // Assert
        expect([page1.jobs.map((j) => j.jobId), page2.jobs.map((j) => j.jobId)]).toEqual([[newer.jobId], [older.jobId]]);
        expect(page2.nextToken).toBeUndefined();
        expect((await store.list({ limit: 10 })).jobs.map((j) => j.jobId)).toEqual([untagged.jobId, newer.jobId, older.jobId]);
        const steps = db.prepare("SELECT step FROM schema_migrations WHERE component = 'jobs' ORDER BY step").pluck().all();
        expect(steps).toEqual(JOBS_SCHEMA.map((_, i) => i + 1));
      } finally {
        db.close();
      }
    } finally {
      temp.remove();
    }
  });

  it('walks the client tag index, with or without a status: never a scan', () => {
    const db = openDatabase(':memory:');
    try {
      new SqliteJobStore({ db });
      const sql = prepareJobStatements(db);
      const plan = (statement: { source: string }, ...args: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all(...args) as Array<{ detail: string }>).map((row) => row.detail).join('; ');
      for (const detail of [plan(sql.listByClientTag, 'tag', '~', 10), plan(sql.listByClientTagAndStatus, 'tag', 'Complete', '~', 10)]) {
        expect(detail).toMatch(/^SEARCH jobs_records USING INDEX jobs_records_by_client_tag \(client_tag=\? AND list_sort_key<\?\)$/);
      }
    } finally {
      db.close();
    }
  });
});
