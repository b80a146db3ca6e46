/**
 * Faults on the local runner, driven on a manual clock: restore events duplicated, reordered and
 * dropped by the sandbox (the reconciliation sweep recovers the dropped ones), and a Batch
 * Operations job that fails because most of its tasks do. Each asserts exact counts and exactly
 * one terminal notification.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Notification } from '@s3-bulk-restore/shared';
import { startRunner } from '../../src/runner/index.js';
import type { Runner, SandboxSettings } from '../../src/runner/index.js';

let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

async function start(faults: SandboxSettings['faults']): Promise<{ runner: Runner; notifications: Notification[] }> {
  const notifications: Notification[] = [];
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { port: 0, clockMode: 'manual', seed: 21, faults }, log: () => undefined });
  runner.onNotification((n) => notifications.push(n));
  return { runner, notifications };
}

async function createJob(r: Runner, count: number): Promise<string> {
  const seeded = (await (
    await fetch(`${r.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'faulty', count, classes: { GLACIER: 1 }, eventBridge: true, awkwardShare: 0.05 }) })
  ).json()) as { manifest: { bucket: string; key: string } };
  const response = await fetch(`${r.apiUrl}/create-job`, {
    method: 'POST',
    headers: { 'x-api-key': r.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ bucket: seeded.manifest.bucket, key: seeded.manifest.key, tier: 'BULK', expiration_days: 1 }),
  });
  return ((await response.json()) as { BulkJobId: string }).BulkJobId;
}

/** Advance virtual time in `stepMs` steps, letting everything due run, until `done` or `limitMs`. */
async function drive(r: Runner, done: () => boolean, stepMs: number, limitMs: number): Promise<void> {
  const clock = r.sandbox!.clock;
  const end = clock.now() + limitMs;
  while (!done() && clock.now() < end) {
    await r.quiet();
    if (!done()) clock.advance(stepMs);
  }
  await r.quiet();
}

describe('the local runner under injected faults', () => {
  it('30 % duplicated, 10 % reordered, 5 % dropped restore events: exact counts, one Complete, the drops recovered by the sweep', async () => {
    const { runner: r, notifications } = await start({ events: { duplicateRate: 0.3, reorderRate: 0.1, dropRate: 0.05, maxDelayMs: 60_000 } });
    const jobId = await createJob(r, 600);
    const finished = () => notifications.some((n) => n.EventType === 'Finished');
    // Glacier Bulk restores take 5-12 virtual hours; the sweep runs every 15 minutes once a job is an hour old.
    await drive(r, finished, 5 * 60_000, 3 * 24 * 3_600_000);

    const terminal = notifications.filter((n) => n.EventType === 'Finished');
    expect(terminal).toHaveLength(1);
    expect(terminal[0]).toMatchObject({ Status: 'Complete', TotalObjects: 600, RestoredObjects: 600, FailedObjects: 0, AvailableObjects: 0, PendingObjects: 0 });
    const events = await (await fetch(`${r.s3Endpoint}/_sandbox/events`)).json() as { stats: { dropped: number; duplicated: number; reordered: number } };
    expect(events.stats.dropped).toBeGreaterThan(0);
    expect(events.stats.duplicated).toBeGreaterThan(0);
    expect(events.stats.reordered).toBeGreaterThan(0);
    // Some objects were settled by what the sweep saw, not by an S3 event.
    const bySweep = r.db.prepare("SELECT count(*) FROM tracker_event_log WHERE job_id = ? AND source = 'sweep' AND event_type = 'RestoreCompleted'").pluck().get(jobId) as number;
    expect(bySweep).toBeGreaterThan(0);
    const counted = r.db.prepare("SELECT count(*) FROM tracker_objects WHERE job_id = ? AND state = 'restored'").pluck().get(jobId) as number;
    expect(counted).toBe(600);
  }, 120_000);

  it('a Batch Operations job failing most of its tasks ends the job Failed, once', async () => {
    const { runner: r, notifications } = await start({ batch: { taskFailureRate: 0.6 } });
    const jobId = await createJob(r, 1500);
    const finished = () => notifications.some((n) => n.EventType === 'Finished');
    await drive(r, finished, 5 * 60_000, 24 * 3_600_000);

    const terminal = notifications.filter((n) => n.EventType === 'Finished');
    expect(terminal).toHaveLength(1);
    expect(terminal[0]).toMatchObject({ JobId: jobId, Status: 'Failed' });
    expect(terminal[0]!.Reason).toMatch(/Batch Operations job failed/);
    const job = (await (await fetch(`${r.apiUrl}/jobs/${jobId}`, { headers: { 'x-api-key': r.apiKey } })).json()) as Record<string, unknown>;
    expect(job).toMatchObject({ Status: 'Failed' });
  }, 120_000);
});
