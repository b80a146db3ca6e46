/**
 * The SQLite JobStore (the local runner's) passes the JobStore contract on a real database file,
 * and what it wrote survives closing the database: a restarted runner finds every job as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
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
