/**
 * Cancel and timeout through the local runner: the three services' real handlers wired from their
 * serverless.yml, SQLite, the in-process bus and the sandbox on a manual virtual clock. A cancel
 * in the middle of a restore ends the job `Cancelled` once, restored objects still counted; a job
 * whose restore events come too late reaches its deadline on the virtual clock and ends `Timeout`
 * once, its pending objects listed; a finished job cannot be cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Notification } from '@s3-bulk-restore/shared';
import { startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';

const HOUR = 3_600_000;
const started: Runner[] = [];

afterAll(async () => {
  for (const runner of started) await runner.close();
});

interface Harness {
  runner: Runner;
  notifications: Notification[];
  api(method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Let everything due run, then move virtual time on by `ms` in `stepMs` steps. */
  advance(ms: number, stepMs?: number): Promise<void>;
  /** Seed `count` archived objects with EventBridge on; returns the manifest. */
  seed(bucket: string, count: number): Promise<{ bucket: string; key: string }>;
  finished(jobId: string): Notification[];
}

async function harness(options: { environment?: Record<string, string>; faults?: { events?: Record<string, number> }; seed: number }): Promise<Harness> {
  const runner = await startRunner({
    db: ':memory:',
    port: 0,
    sandbox: { clockMode: 'manual', seed: options.seed, ...(options.faults ? { faults: options.faults } : {}) },
    ...(options.environment ? { environment: options.environment } : {}),
    log: () => undefined,
  });
  started.push(runner);
  const notifications: Notification[] = [];
  runner.onNotification((n) => notifications.push(n));
  return {
    runner,
    notifications,
    async api(method, route, body) {
      const response = await fetch(`${runner.apiUrl}${route}`, {
        method,
        headers: { 'x-api-key': runner.apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async advance(ms, stepMs = 5 * 60_000) {
      for (let done = 0; done < ms; done += stepMs) {
        await runner.quiet();
        runner.sandbox!.clock.advance(Math.min(stepMs, ms - done));
      }
      await runner.quiet();
    },
    async seed(bucket, count) {
      const response = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket, count, classes: { GLACIER: 1 }, eventBridge: true }) });
      return ((await response.json()) as { manifest: { bucket: string; key: string } }).manifest;
    },
    finished: (jobId) => notifications.filter((n) => n.JobId === jobId && n.EventType === 'Finished'),
  };
}

async function batchStatus(h: Harness, batchJobId: string): Promise<string | undefined> {
  const listing = (await (await fetch(`${h.runner.s3Endpoint}/_sandbox/jobs`)).json()) as { jobs: Array<{ jobId: string; status: string }> };
  return listing.jobs.find((j) => j.jobId === batchJobId)?.status;
}

type Counts = Record<'registered' | 'requested' | 'restoring' | 'restored' | 'available' | 'failed', number>;
const countsOf = (view: Record<string, unknown>) => view['Counts'] as Counts;

describe('cancel on the local runner', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ seed: 21 });
  });

  it('cancel mid-restore: 202 twice while in flight, exactly one Cancelled with the restored objects still counted, late restores change nothing', async () => {
    const manifest = await h.seed('cancel-archive', 40);
    const created = await h.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1, client_tag: 'cancel-test' });
    expect(created.status).toBe(202);
    const jobId = created.body['BulkJobId'] as string;
    const batchJobId = (created.body['BatchOperation'] as { JobId: string }).JobId;

    // Glacier Bulk restores take 5 to 12 virtual hours: stop when some are restored and some are not.
    let before = (await h.api('GET', `/jobs/${jobId}`)).body;
    for (let i = 0; i < 48 && countsOf(before).restored < 5; i++) {
      await h.advance(HOUR / 4);
      before = (await h.api('GET', `/jobs/${jobId}`)).body;
    }
    expect(before['Status']).toBe('Restoring');
    expect(countsOf(before).restored).toBeGreaterThanOrEqual(5);
    expect(countsOf(before).restored).toBeLessThan(40);

    // Two requests at once: both accepted with the job as it stands.
    const [first, second] = await Promise.all([h.api('POST', `/jobs/${jobId}/cancel`), h.api('POST', `/jobs/${jobId}/cancel`)]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.body).toMatchObject({ JobId: jobId, Status: 'Restoring' });
    await h.advance(5 * 60_000);

    const finished = h.finished(jobId);
    expect(finished).toHaveLength(1);
    const view = (await h.api('GET', `/jobs/${jobId}`)).body;
    expect(view).toMatchObject({ Status: 'Cancelled', Failures: [{ code: 'JobCancelled', message: 'cancelled by request' }] });
    const restored = countsOf(view).restored;
    expect(restored).toBeGreaterThanOrEqual(countsOf(before).restored);
    expect(finished[0]).toMatchObject({ Status: 'Cancelled', ClientTag: 'cancel-test', TotalObjects: 40, RestoredObjects: restored, PendingObjects: 40 - restored });
    // The Batch job had initiated every restore hours ago: cancelling a finished Batch job is fine.
    expect(await batchStatus(h, batchJobId)).toBe('Complete');

    // Restores S3 had already started finish later: their events change no outcome.
    await h.advance(24 * HOUR, HOUR);
    expect(h.finished(jobId)).toHaveLength(1);
    expect((await h.api('GET', `/jobs/${jobId}`)).body).toMatchObject({ Status: 'Cancelled', Counts: countsOf(view) });

    const again = await h.api('POST', `/jobs/${jobId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'JobAlreadyFinished', message: expect.stringContaining('already ended Cancelled') });
  }, 60_000);

  it('cancel right after creation: the waiting Batch job is cancelled in S3 and never confirmed; one Cancelled, nothing restored', async () => {
    const manifest = await h.seed('early-archive', 10);
    const created = await h.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1 });
    const jobId = created.body['BulkJobId'] as string;
    const batchJobId = (created.body['BatchOperation'] as { JobId: string }).JobId;
    expect(await batchStatus(h, batchJobId)).not.toMatch(/^(Active|Complete|Cancelled)$/);

    const accepted = await h.api('POST', `/jobs/${jobId}/cancel`);
    expect(accepted.status).toBe(202);
    await h.advance(2 * HOUR);
    await h.advance(24 * HOUR, HOUR);

    expect(await batchStatus(h, batchJobId)).toBe('Cancelled');
    expect(h.finished(jobId)).toEqual([expect.objectContaining({ Status: 'Cancelled', RestoredObjects: 0 })]);
    expect((await h.api('GET', `/jobs/${jobId}`)).body).toMatchObject({ Status: 'Cancelled', Counts: expect.objectContaining({ restored: 0, restoring: 0 }) });
  }, 60_000);

  it('cancel after completion: 409 JobAlreadyFinished naming Complete, and still one Complete', async () => {
    const manifest = await h.seed('done-archive', 5);
    const created = await h.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1 });
    const jobId = created.body['BulkJobId'] as string;
    for (let i = 0; i < 30 && h.finished(jobId).length === 0; i++) await h.advance(HOUR);
    expect(h.finished(jobId)).toEqual([expect.objectContaining({ Status: 'Complete', RestoredObjects: 5 })]);

    const refused = await h.api('POST', `/jobs/${jobId}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.body['error']).toMatchObject({ code: 'JobAlreadyFinished', message: expect.stringContaining('already ended Complete') });
    await h.advance(HOUR);
    expect(h.finished(jobId)).toHaveLength(1);
    expect((await h.api('GET', `/jobs/${jobId}`)).body['Status']).toBe('Complete');
    expect((await h.api('POST', '/jobs/no-such-job/cancel')).body['error']).toMatchObject({ code: 'JobNotFound', field: 'id' });
  }, 60_000);
});

describe('timeout on the local runner', () => {
  it('a job whose restore events come too late ends Timeout at its deadline, once, with the counts; its pending objects are listed', async () => {
    // STANDARD with no margin: 24 h for the Batch job + 12 h for the tier = a deadline 36 h after
    // creation. Events arrive up to three days late; the sweep waits a week, so it recovers none.
    const h = await harness({
      seed: 33,
      environment: { TIMEOUT_MARGIN_HOURS: '0', SWEEP_AFTER_MINUTES: '10080' },
      faults: { events: { delayRate: 1, maxDelayMs: 72 * HOUR } },
    });
    const manifest = await h.seed('slow-archive', 30);
    const created = await h.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'STANDARD', expiration_days: 1 });
    const jobId = created.body['BulkJobId'] as string;
    const createdAt = h.runner.clock.now();

    await h.advance(35 * HOUR, HOUR);
    expect(h.finished(jobId)).toEqual([]);
    await h.advance(HOUR + 10 * 60_000);
    expect(h.runner.clock.now() - createdAt).toBeLessThan(37 * HOUR);

    const finished = h.finished(jobId);
    expect(finished).toHaveLength(1);
    const view = (await h.api('GET', `/jobs/${jobId}`)).body;
    const counts = countsOf(view);
    const pending = counts.registered + counts.requested + counts.restoring;
    expect(view).toMatchObject({ Status: 'Timeout', TotalObjects: 30, Failures: [{ code: 'JobTimeout', message: expect.stringContaining(`${pending} of 30 objects were not settled`) }] });
    expect(counts.restored).toBeGreaterThan(0);
    expect(pending).toBeGreaterThan(0);
    expect(finished[0]).toMatchObject({ Status: 'Timeout', TotalObjects: 30, RestoredObjects: counts.restored, PendingObjects: pending });
    expect(Number(finished[0]!.ProgressPercent)).toBe(Math.floor((100 * counts.restored) / 30));

    // The objects still pending, by state.
    const listed: string[] = [];
    for (const state of ['registered', 'requested', 'restoring']) {
      const page = await h.api('GET', `/jobs/${jobId}/objects?state=${state}&limit=1000`);
      expect(page.status).toBe(200);
      const objects = page.body['Objects'] as Array<{ Key: string; State: string }>;
      expect(objects.every((o) => o.State === state)).toBe(true);
      expect(objects).toHaveLength(counts[state as keyof Counts]);
      listed.push(...objects.map((o) => o.Key));
    }
    expect(new Set(listed).size).toBe(pending);

    // The late events come in: the outcome and its counts stay.
    await h.advance(3 * 24 * HOUR, 2 * HOUR);
    expect(h.finished(jobId)).toHaveLength(1);
    expect((await h.api('GET', `/jobs/${jobId}`)).body).toMatchObject({ Status: 'Timeout', Counts: counts });
    const refused = await h.api('POST', `/jobs/${jobId}/cancel`);
    expect([refused.status, (refused.body['error'] as { code: string }).code]).toEqual([409, 'JobAlreadyFinished']);
  }, 60_000);
});
