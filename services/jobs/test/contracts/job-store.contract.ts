/**
 * The JobStore contract, run unchanged against every implementation (DynamoDB on moto, the
 * in-memory fake, SQLite next). It assumes nothing about the storage: tokens are opaque, and
 * every expectation is about what a use case can observe through the port.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { ConflictError, ValidationError } from '@s3-bulk-restore/shared';
import type { JobStore } from '../../src/app/ports.js';
import type { JobRecord } from '../../src/app/job-record.js';
import { finished, jobRecord, progressed, trackingReady } from '../support/fixtures.js';
import { errorOf } from '../support/errors.js';

export interface JobStoreHarness {
  store: JobStore;
  cleanup(): Promise<void>;
}


export function jobStoreContract(name: string, setup: () => Promise<JobStoreHarness>): void {
  describe(`JobStore contract: ${name}`, () => {
    let h: JobStoreHarness;
    let store: JobStore;
    beforeAll(async () => {
      h = await setup();
      store = h.store;
    });
    afterAll(async () => h?.cleanup());

    describe('create and get', () => {
      it('returns what was written, field for field', async () => {
        const job = jobRecord();
        await expect(store.create(job)).resolves.toEqual({ job, created: true });
        await expect(store.get(job.jobId)).resolves.toEqual(job);
      });

      it('answers undefined for a job that does not exist', async () => {
        await expect(store.get('00000000-0000-4000-8000-ffffffffffff')).resolves.toBeUndefined();
      });

      it('refuses a second job with the same id (JobAlreadyExists)', async () => {
        const job = jobRecord();
        await store.create(job);
        const error = await errorOf(store.create({ ...job, batchJobId: 'batch-other' }));
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.code).toBe('JobAlreadyExists');
        expect((await store.get(job.jobId))?.batchJobId).toBe(job.batchJobId);
      });
    });

    describe('idempotency', () => {
      it('a retried create with the same key and fingerprint returns the existing job', async () => {
        const job = jobRecord();
        await store.create(job, { key: 'retry-key-1', fingerprint: 'fp-a' });
        const again = await store.create({ ...job, batchJobId: 'batch-second' }, { key: 'retry-key-1', fingerprint: 'fp-a' });
        expect(again).toEqual({ job, created: false });
        await expect(store.findByIdempotencyKey('retry-key-1')).resolves.toEqual({ job, fingerprint: 'fp-a' });
      });

      it('the same key with another fingerprint is an IdempotencyConflict and changes nothing', async () => {
        const job = jobRecord();
        await store.create(job, { key: 'retry-key-2', fingerprint: 'fp-a' });
        const other = jobRecord();
        const error = await errorOf(store.create(other, { key: 'retry-key-2', fingerprint: 'fp-b' }));
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.code).toBe('IdempotencyConflict');
        await expect(store.get(other.jobId)).resolves.toBeUndefined();
        await expect(store.findByIdempotencyKey('retry-key-2')).resolves.toEqual({ job, fingerprint: 'fp-a' });
      });

      it('an unclaimed key finds nothing', async () => {
        await expect(store.findByIdempotencyKey('never-used')).resolves.toBeUndefined();
      });
    });

    describe('read model', () => {
      let job: JobRecord;
      beforeAll(async () => {
        job = jobRecord();
        await store.create(job);
      });

      it('marks JobCreated published, once', async () => {
        const first = await store.markCreatedEventPublished(job.jobId);
        expect(first).toMatchObject({ applied: true, job: { createdEventPublished: true } });
        expect(await store.markCreatedEventPublished(job.jobId)).toMatchObject({ applied: false, reason: 'duplicate' });
      });

      it('JobTrackingReady sets the totals (every object registered); a redelivery is a duplicate', async () => {
        const ev = trackingReady(job, 100, 10);
        const update = await store.applyTrackingReady(ev);
        expect(update).toMatchObject({ applied: true, job: { totalObjects: 100, trackingReadyAt: ev.readyAt, status: 'Preparing' } });
        expect(update.job?.counts.registered).toBe(100);
        expect(await store.applyTrackingReady(ev)).toMatchObject({ applied: false, reason: 'duplicate' });
      });

      it('confirmation moves Preparing to Restoring, once', async () => {
        const confirmedAt = new Date(Date.parse(job.createdAt) + 20_000);
        expect(await store.markConfirmed(job.jobId, confirmedAt)).toMatchObject({ applied: true, job: { status: 'Restoring', confirmedAt: confirmedAt.toISOString() } });
        expect(await store.markConfirmed(job.jobId, new Date())).toMatchObject({ applied: false, reason: 'duplicate' });
        expect((await store.get(job.jobId))?.confirmedAt).toBe(confirmedAt.toISOString());
      });

      it('progress moves forward and a late, lower JobProgressed never moves it back', async () => {
        const p40 = progressed(job, { restoring: 58, restored: 40, failed: 2 }, { seconds: 100, percent: 42 });
        const p20 = progressed(job, { restoring: 80, restored: 20 }, { seconds: 50, percent: 20 });
        expect(await store.applyProgress(p40)).toMatchObject({ applied: true, job: { progressPercent: 42, counts: p40.counts } });
        expect(await store.applyProgress(p20)).toMatchObject({ applied: false, reason: 'stale' });
        const stored = await store.get(job.jobId);
        expect(stored?.counts).toEqual(p40.counts);
        expect(stored?.progressPercent).toBe(42);
        expect(stored?.progressAt).toBe(p40.at);
      });

      it('fewer settled objects is older even with a later clock; more settled is newer even with an earlier one', async () => {
        const skewedLow = progressed(job, { restoring: 70, restored: 30 }, { seconds: 500, percent: 30 });
        expect(await store.applyProgress(skewedLow)).toMatchObject({ applied: false, reason: 'stale' });
        const skewedHigh = progressed(job, { restoring: 48, restored: 50, failed: 2 }, { seconds: 90, percent: 52 });
        expect(await store.applyProgress(skewedHigh)).toMatchObject({ applied: true, job: { progressPercent: 52 } });
        expect(await store.applyProgress(skewedHigh)).toMatchObject({ applied: false, reason: 'duplicate' });
      });

      it('concurrent progress events end at the most advanced one, whatever the order they land in', async () => {
        const events = [60, 70, 80, 65, 75].map((settled, i) =>
          progressed(job, { restoring: 100 - settled, restored: settled }, { seconds: 200 + i, percent: settled }),
        );
        await Promise.all(events.map((ev) => store.applyProgress(ev)));
        const stored = await store.get(job.jobId);
        expect(stored?.counts.restored).toBe(80);
        expect(stored?.progressPercent).toBe(80);
      });

      it('JobFinished is terminal: it sticks, and later progress or another end is ignored', async () => {
        const done = finished(job, 'Complete', { restored: 98, failed: 2 }, { seconds: 900, percent: 100 });
        expect(await store.applyFinished(done)).toMatchObject({ applied: true, job: { status: 'Complete', progressPercent: 100, finishedAt: done.at } });
        const late = progressed(job, { restored: 99, failed: 1 }, { seconds: 950, percent: 99 });
        expect(await store.applyProgress(late)).toMatchObject({ applied: false, reason: 'terminal' });
        expect(await store.applyFinished(finished(job, 'Failed', {}, { seconds: 990, percent: 0 }))).toMatchObject({ applied: false, reason: 'terminal' });
        const stored = await store.get(job.jobId);
        expect(stored).toMatchObject({ status: 'Complete', progressPercent: 100, counts: done.counts, finishedAt: done.at });
      });

      it('a Failed job keeps its reason and failures and never shows less progress than before', async () => {
        const other = jobRecord();
        await store.create(other);
        await store.applyProgress(progressed(other, { restoring: 70, restored: 30 }, { seconds: 100, percent: 30 }));
        const failed = finished(other, 'Failed', { restoring: 70, restored: 30 }, { seconds: 200, percent: 10, reason: 'The Batch Operations job failed' });
        failed.failures = [{ code: 'BatchJobFailed', message: 'more than 50% of tasks failed' }];
        const update = await store.applyFinished(failed);
        expect(update).toMatchObject({ applied: true, job: { status: 'Failed', progressPercent: 30, reason: failed.reason, failures: failed.failures } });
      });

      it('events about another Batch job, or an unknown job, change nothing', async () => {
        const other = jobRecord();
        await store.create(other);
        const foreign = { ...progressed(other, { restored: 10 }, { seconds: 30, percent: 10 }), batchJobId: 'batch-not-ours' };
        expect(await store.applyProgress(foreign)).toMatchObject({ applied: false, reason: 'other-batch-job' });
        const ghost = progressed({ ...other, jobId: '00000000-0000-4000-8000-eeeeeeeeeeee' }, { restored: 1 }, { seconds: 1, percent: 1 });
        expect(await store.applyProgress(ghost)).toEqual({ applied: false, reason: 'unknown-job' });
        expect(await store.markConfirmed(ghost.jobId, new Date())).toEqual({ applied: false, reason: 'unknown-job' });
      });
    });

    describe('list', () => {
      // Jobs far in the future of every other test's jobs, so they are the newest.
      const tagged: JobRecord[] = [];
      beforeAll(async () => {
        for (let i = 0; i < 5; i++) {
          const job = jobRecord({ seconds: 100_000 + i * 10, clientTag: 'list' });
          tagged.push(job);
          await store.create(job, { key: `list-key-${i}`, fingerprint: 'fp' });
        }
        // Two of them finish; one of those fails.
        await store.applyFinished(finished(tagged[1]!, 'Complete', { restored: 100 }, { seconds: 100_500, percent: 100 }));
        await store.applyFinished(finished(tagged[3]!, 'Failed', {}, { seconds: 100_500, percent: 0 }));
      });

      it('lists newest first, in pages whose tokens cover everything once (idempotency claims never appear)', async () => {
        const seen: JobRecord[] = [];
        let nextToken: string | undefined;
        let pages = 0;
        do {
          const page = await store.list({ limit: 2, ...(nextToken ? { nextToken } : {}) });
          expect(page.jobs.length).toBeLessThanOrEqual(2);
          seen.push(...page.jobs);
          nextToken = page.nextToken;
          pages += 1;
        } while (nextToken && pages < 100);
        const ids = seen.map((j) => j.jobId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.slice(0, 5)).toEqual([...tagged].reverse().map((j) => j.jobId));
        const sortKeys = seen.map((j) => `${j.createdAt}#${j.jobId}`);
        expect(sortKeys).toEqual([...sortKeys].sort().reverse());
        expect(seen.every((j) => typeof j.jobId === 'string' && j.batchJobId)).toBe(true);
      });

      it('the last page has no token', async () => {
        const page = await store.list({ status: 'Failed', limit: 100 });
        expect(page.nextToken).toBeUndefined();
      });

      it('filters by status, newest first, reflecting status changes', async () => {
        const complete = await store.list({ status: 'Complete', limit: 100 });
        expect(complete.jobs.map((j) => j.jobId)).toContain(tagged[1]!.jobId);
        expect(complete.jobs.every((j) => j.status === 'Complete')).toBe(true);
        const preparing = await store.list({ status: 'Preparing', limit: 3 });
        expect(preparing.jobs.map((j) => j.jobId)).toEqual([tagged[4]!.jobId, tagged[2]!.jobId, tagged[0]!.jobId]);
        expect(preparing.jobs.every((j) => j.status === 'Preparing')).toBe(true);
        const failedPage1 = await store.list({ status: 'Failed', limit: 1 });
        expect(failedPage1.jobs.map((j) => j.jobId)).toEqual([tagged[3]!.jobId]);
        expect(failedPage1.nextToken).toBeDefined();
        const failedPage2 = await store.list({ status: 'Failed', limit: 1, nextToken: failedPage1.nextToken! });
        expect(failedPage2.jobs.map((j) => j.jobId)).not.toContain(tagged[3]!.jobId);
      });

      it('refuses a token it did not issue, or one issued for another filter (InvalidNextToken, field next_token)', async () => {
        for (const token of ['garbage', 'eyJ2IjoxfQ', Buffer.from('{"v":1,"status":null,"after":"x"}').toString('base64url')]) {
          const error = await errorOf(store.list({ limit: 5, nextToken: token }));
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ code: 'InvalidNextToken', details: { field: 'next_token' } });
        }
        const page = await store.list({ status: 'Preparing', limit: 1 });
        const error = await errorOf(store.list({ status: 'Complete', limit: 1, nextToken: page.nextToken! }));
        expect(error).toMatchObject({ code: 'InvalidNextToken', details: { field: 'next_token' } });
      });
    });

    describe('list by client tag', () => {
      // Older than the `list` jobs above and newer than the rest: tags no other test uses, one a
      // prefix of another, one with the characters S3 tag values allow (spaces, `/`, `é`, `+`, `@`).
      const TAG = 'billing/team a+é@2026';
      const ids = (jobs: readonly JobRecord[]) => jobs.map((j) => j.jobId);
      let tagged: JobRecord[];
      let prefixed: JobRecord;
      let untagged: JobRecord;

      /** Every page of a listing, each at most `limit` long, until one carries no token. */
      async function allPages(query: { status?: JobRecord['status']; clientTag?: string; limit: number }): Promise<JobRecord[][]> {
        const pages: JobRecord[][] = [];
        let nextToken: string | undefined;
        do {
          const page = await store.list({ ...query, ...(nextToken ? { nextToken } : {}) });
          expect(page.jobs.length).toBeLessThanOrEqual(query.limit);
          pages.push(page.jobs);
          nextToken = page.nextToken;
        } while (nextToken && pages.length < 50);
        return pages;
      }

      beforeAll(async () => {
        tagged = [];
        for (let i = 0; i < 6; i++) {
          const job = jobRecord({ seconds: 60_000 + i * 10, clientTag: TAG });
          tagged.push(job);
          await store.create(job);
        }
        prefixed = jobRecord({ seconds: 60_005, clientTag: `${TAG}-2` });
        await store.create(prefixed);
        const { clientTag: _none, ...withoutTag } = jobRecord({ seconds: 60_015 });
        untagged = withoutTag;
        await store.create(untagged);
        // 0 and 4 complete, 3 fails, 1, 2 and 5 stay Preparing; the prefixed one completes too.
        for (const job of [tagged[0]!, tagged[4]!, prefixed]) await store.applyFinished(finished(job, 'Complete', { restored: 100 }, { seconds: 60_500, percent: 100 }));
        await store.applyFinished(finished(tagged[3]!, 'Failed', {}, { seconds: 60_500, percent: 0 }));
      });

      it('lists exactly the jobs with that tag, newest first, in pages that never skip or repeat a job', async () => {
        const pages = await allPages({ clientTag: TAG, limit: 4 });
        expect(pages.map(ids)).toEqual([
          [tagged[5]!.jobId, tagged[4]!.jobId, tagged[3]!.jobId, tagged[2]!.jobId],
          [tagged[1]!.jobId, tagged[0]!.jobId],
        ]);
        expect(pages.flat().every((j) => j.clientTag === TAG)).toBe(true);
        expect((await store.get(untagged.jobId))?.clientTag).toBeUndefined();
        expect(ids((await store.list({ clientTag: `${TAG}-2`, limit: 10 })).jobs)).toEqual([prefixed.jobId]);
      });

      it('a page that ends exactly at the last job carries no token', async () => {
        const page = await store.list({ clientTag: TAG, limit: 6 });
        expect(ids(page.jobs)).toEqual(ids([...tagged].reverse()));
        expect(page.nextToken).toBeUndefined();
      });

      it('with a status too: only the tag’s jobs in that status, one per page, reflecting status changes', async () => {
        const complete = await allPages({ clientTag: TAG, status: 'Complete', limit: 1 });
        expect(complete.flat().map((j) => j.jobId)).toEqual([tagged[4]!.jobId, tagged[0]!.jobId]);
        const preparing = await allPages({ clientTag: TAG, status: 'Preparing', limit: 2 });
        expect(preparing.flat().map((j) => j.jobId)).toEqual([tagged[5]!.jobId, tagged[2]!.jobId, tagged[1]!.jobId]);
        expect(preparing.flat().every((j) => j.status === 'Preparing' && j.clientTag === TAG)).toBe(true);
        const failed = await store.list({ clientTag: TAG, status: 'Failed', limit: 5 });
        expect(failed).toEqual({ jobs: [expect.objectContaining({ jobId: tagged[3]!.jobId, status: 'Failed' })] });
        expect(await store.list({ clientTag: TAG, status: 'Timeout', limit: 5 })).toEqual({ jobs: [] });
      });

      it('a tag no job has lists nothing', async () => {
        await expect(store.list({ clientTag: 'never-used-tag', limit: 5 })).resolves.toEqual({ jobs: [] });
      });

      it('refuses a token issued for another tag, or for the same tag with another status (InvalidNextToken)', async () => {
        const byTag = await store.list({ clientTag: TAG, limit: 1 });
        const byStatus = await store.list({ status: 'Preparing', limit: 1 });
        const attempts = [
          store.list({ clientTag: `${TAG}-2`, limit: 1, nextToken: byTag.nextToken! }),
          store.list({ limit: 1, nextToken: byTag.nextToken! }),
          store.list({ clientTag: TAG, status: 'Preparing', limit: 1, nextToken: byTag.nextToken! }),
          store.list({ clientTag: TAG, status: 'Preparing', limit: 1, nextToken: byStatus.nextToken! }),
        ];
        for (const attempt of attempts) {
          const error = await errorOf(attempt);
          expect(error).toBeInstanceOf(ValidationError);
          expect(error).toMatchObject({ code: 'InvalidNextToken', details: { field: 'next_token' } });
        }
      });
    });
  });
}
