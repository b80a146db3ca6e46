/**
 * Fanned-out registration on the local runner: a manifest bigger than REGISTRATION_RANGE_KIB is
 * split into ranges on line boundaries, each range registered by the tracker's onManifestRange
 * function (its own journaled invocation), and the last range in makes the job ready: one
 * JobTrackingReady with exact totals, then one Complete.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Notification } from '@s3-bulk-restore/shared';
import { startRunner } from '../../src/runner/index.js';
import { advanceRunner } from '../support/runner-clock.js';
import type { Runner } from '../../src/runner/index.js';
import type { BusEvent } from '../../src/runner/bus/in-process-bus.js';

const HOUR = 3_600_000;
let runner: Runner;
const notifications: Notification[] = [];
const busEvents: BusEvent[] = [];

beforeAll(async () => {
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { clockMode: 'manual', seed: 5 }, environment: { REGISTRATION_RANGE_KIB: '64' }, log: () => undefined });
  runner.onNotification((n) => notifications.push(n));
  runner.bus.subscribe('s3-bulk-restore-local', { source: ['s3-bulk-restore.restore-tracker'] }, async (event: BusEvent) => {
    busEvents.push(event);
  });
});
afterAll(async () => runner?.close());

const advance = (ms: number, stepMs = 2 * HOUR) => advanceRunner(runner, ms, stepMs);

describe('a big manifest on the local runner', () => {
  it('is registered in parallel ranges, made ready exactly once with exact totals, and completes once', async () => {
    const response = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'fan-archive', count: 4000, classes: { GLACIER: 1 }, eventBridge: true }) });
    const { manifest } = (await response.json()) as { manifest: { bucket: string; key: string } };
    const text = await (await fetch(`${runner.s3Endpoint}/${manifest.bucket}/${manifest.key}`)).text();
    // The first object named again on the last line: a duplicate across ranges.
    const withDuplicate = `${text}${text.split('\n')[0]}\n`;
    expect(Buffer.byteLength(withDuplicate)).toBeGreaterThan(2 * 64 * 1024);
    await fetch(`${runner.s3Endpoint}/${manifest.bucket}/manifests/with-duplicate.csv`, { method: 'PUT', body: withDuplicate });

    const created = await fetch(`${runner.apiUrl}/create-job`, {
      method: 'POST',
      headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ bucket: manifest.bucket, key: 'manifests/with-duplicate.csv', tier: 'BULK', expiration_days: 1 }),
    });
    expect(created.status).toBe(202);
    const jobId = ((await created.json()) as { BulkJobId: string }).BulkJobId;
    await runner.quiet();

    const ranges = busEvents.filter((e) => e['detail-type'] === 'ManifestRangeRequested').map((e) => e.detail as { jobId: string; range: { index: number; count: number; firstLine: number } });
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    expect(ranges.every((r) => r.jobId === jobId && r.range.count === ranges.length)).toBe(true);
    expect(ranges.map((r) => r.range.index).sort((a, b) => a - b)).toEqual(ranges.map((_, i) => i));
    const ready = busEvents.filter((e) => e['detail-type'] === 'JobTrackingReady').map((e) => e.detail);
    expect(ready).toEqual([expect.objectContaining({ jobId, totalObjects: 4000, manifestLines: 4001, duplicateLines: 1 })]);

    await advance(60 * HOUR);
    const finished = notifications.filter((n) => n.JobId === jobId && n.EventType === 'Finished');
    expect(finished).toEqual([expect.objectContaining({ Status: 'Complete', TotalObjects: 4000, RestoredObjects: 4000 })]);
  }, 120_000);
});
