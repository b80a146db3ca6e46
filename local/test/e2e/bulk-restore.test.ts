/**
 * One real path through the three services, end to end: POST /create-job on the gateway →
 * jobs (gated Batch Operations job in the sandbox, JobCreated) → restore-tracker (manifest
 * registered, JobTrackingReady) → jobs confirms → the sandbox restores on its clock and S3
 * restore events flow default bus → custom bus → queue → tracker (event log + counters in
 * DynamoDB on moto) → JobProgressed / JobFinished → notifier → SNS → a subscriber's queue.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MOTO_MISSING, motoAvailable } from '../../../tools/testing/moto.js';
import { startE2E } from './harness/index.js';
import type { E2E } from './harness/index.js';
import { HOUR, batchJobCount, faults, forJob, objectBytes, seed } from './support.js';

const describeE2E = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`e2e: ${MOTO_MISSING}\n`);

let e: E2E;
beforeAll(async () => {
  if (motoAvailable()) e = await startE2E();
}, 120_000);
afterAll(async () => e?.close());

async function runJob(manifest: { bucket: string; key: string }, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const created = await e.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 2, ...extra }, headers);
  expect(created.status).toBe(202);
  return created.body['BulkJobId'] as string;
}

describeE2E('a bulk restore, end to end on moto and the sandbox', () => {
  // 200 objects in `npm test`; `npm run test:e2e-large` runs 1,000 (the figures in docs/performance.md).
  const N = Number(process.env['E2E_OBJECTS'] ?? 200);
  it(`restores ${N} objects: threshold events, then exactly one Complete with exact counts`, async () => {
    const manifest = await seed(e, { bucket: 'archive-1k', count: N, awkwardShare: 0.05 });
    e.proxy.reset();
    const started = performance.now();
    const jobId = await runJob(manifest, { client_tag: 'e2e-1k' });
    await e.settle();
    await e.advance(60 * HOUR, 2 * HOUR);
    const wallSeconds = (performance.now() - started) / 1000;

    const mine = forJob(await e.notifications(), jobId);
    const finished = mine.filter((n) => n['EventType'] === 'Finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({
      Status: 'Complete', ProgressPercent: '100', FailedBatchFiles: '0', TotalObjects: N, RestoredObjects: N, FailedObjects: 0, PendingObjects: 0, ClientTag: 'e2e-1k',
    });
    const progress = mine.filter((n) => n['EventType'] === 'Progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(9);
    const thresholds = progress.map((n) => n['Threshold'] as number);
    expect([...thresholds].sort((a, b) => a - b)).toEqual(thresholds.filter((t, i) => thresholds.indexOf(t) === i).sort((a, b) => a - b));
    for (const n of progress) expect(n).toMatchObject({ Status: 'Restoring', BatchJobId: expect.any(String) });
    expect((finished[0]!['_attributes'] as Record<string, { StringValue: string }>)['Status']?.StringValue).toBe('Complete');

    const job = await e.api('GET', `/jobs/${jobId}`);
    expect(job.body).toMatchObject({ JobId: jobId, Status: 'Complete', ProgressPercent: 100, FailedBatchFiles: 0, TotalObjects: N });
    expect((job.body['Counts'] as Record<string, number>)['restored']).toBe(N);
    // Bytes per state, from the sizes the restore events carried: every seeded object's.
    expect((job.body['Bytes'] as Record<string, number>)['restored']).toBe(await objectBytes(e, 'archive-1k', 'data/'));

    const counts = e.proxy.counts();
    const tracker = e.runtime.invocations.filter((i) => i.function === 'restore-tracker/onRestoreEvents' && i.ok);
    const trackerRecords = tracker.reduce((s, i) => s + i.records, 0);
    const trackerMs = tracker.reduce((s, i) => s + i.ms, 0);
    const handlerMs = e.runtime.invocations.reduce((sum, i) => sum + i.ms, 0);
    const dynamoRequests = Object.entries(counts.requests).filter(([k]) => k.startsWith('dynamodb:')).reduce((s, [, n]) => s + n, 0);
    process.stdout.write(
      `\nE2E ${N}-object job (moto + sandbox): wall ${wallSeconds.toFixed(1)} s\n` +
        `  DynamoDB requests ${dynamoRequests} (${(dynamoRequests / N).toFixed(2)} per restored object), est. write units ${counts.writeUnits} (${(counts.writeUnits / N).toFixed(2)} per object)\n` +
        `  by operation ${JSON.stringify(counts.requests)}\n  items written ${JSON.stringify(counts.itemsWritten)}\n` +
        `  EventBridge PutEvents ${counts.requests['events:PutEvents'] ?? 0} requests / ${counts.eventBridgeEntries} entries; SNS Publish ${counts.snsPublishes}\n` +
        `  tracker: ${trackerRecords} restore events in ${(trackerMs / 1000).toFixed(1)} s of handler time = ${(trackerRecords / (trackerMs / 1000)).toFixed(0)} events/s (${tracker.length} batches)\n` +
        `  moto's share: ${(counts.upstreamMs / 1000).toFixed(1)} s of ${(handlerMs / 1000).toFixed(1)} s handler time (${((100 * counts.upstreamMs) / handlerMs).toFixed(0)} %) was spent waiting on moto_server\n`,
    );
  }, 600_000);

  it('keeps exact counts with 30 % duplicated and 10 % reordered restore events', async () => {
    const manifest = await seed(e, { bucket: 'archive-dup', count: 60 });
    await faults(e, { events: { duplicateRate: 0.3, reorderRate: 0.1 } });
    try {
      const jobId = await runJob(manifest);
      await e.settle();
      await e.advance(60 * HOUR, 4 * HOUR);
      const stats = (await (await fetch(`${e.sandbox.endpoint}/_sandbox/events`)).json()) as { stats: { duplicated: number; reordered: number } };
      expect(stats.stats.duplicated).toBeGreaterThan(0);
      expect(stats.stats.reordered).toBeGreaterThan(0);
      const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ Status: 'Complete', TotalObjects: 60, RestoredObjects: 60 });
      const job = await e.api('GET', `/jobs/${jobId}`);
      expect(job.body['Counts']).toEqual({ registered: 0, requested: 0, restoring: 0, restored: 60, available: 0, failed: 0 });
    } finally {
      await faults(e, { events: { duplicateRate: 0, reorderRate: 0 } });
    }
  }, 300_000);

  it('matches keys with spaces, +, %, unicode and version ids', async () => {
    const manifest = await seed(e, { bucket: 'archive-awkward', count: 24, awkwardShare: 1, versioned: true });
    const jobId = await runJob(manifest);
    await e.settle();
    await e.advance(60 * HOUR, 6 * HOUR);
    const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
    expect(finished).toEqual([expect.objectContaining({ Status: 'Complete', TotalObjects: 24, RestoredObjects: 24 })]);
  }, 300_000);

  it('tracks an object restored in two concurrent jobs in both, and a retried create-job makes one job', async () => {
    const manifest = await seed(e, { bucket: 'archive-shared', count: 30 });
    const before = await batchJobCount(e);
    const headers = { 'Idempotency-Key': 'shared-run-1' };
    const first = await runJob(manifest, {}, headers);
    const retried = await runJob(manifest, {}, headers);
    expect(retried).toBe(first);
    const second = await runJob(manifest, { client_token: 'shared-run-2' });
    expect(second).not.toBe(first);
    expect(await batchJobCount(e)).toBe(before + 2);
    await e.settle();
    await e.advance(60 * HOUR, 6 * HOUR);
    const all = await e.notifications();
    for (const jobId of [first, second]) {
      const finished = forJob(all, jobId).filter((n) => n['EventType'] === 'Finished');
      expect(finished).toEqual([expect.objectContaining({ Status: 'Complete', TotalObjects: 30, RestoredObjects: 30 })]);
    }
  }, 300_000);

  it('cancels a job mid-restore: one Cancelled with the restored objects still counted, late restores change nothing, a second cancel is 409', async () => {
    const manifest = await seed(e, { bucket: 'archive-cancel', count: 30 });
    const jobId = await runJob(manifest, { client_tag: 'e2e-cancel' });
    await e.settle();
    // Glacier Bulk restores finish within 5 to 12 h, Deep Archive ones within 24 to 48 h.
    await e.advance(10 * HOUR, 2 * HOUR);
    const before = await e.api('GET', `/jobs/${jobId}`);
    expect(before.body['Status']).toBe('Restoring');

    const accepted = await e.api('POST', `/jobs/${jobId}/cancel`);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ JobId: jobId, Status: 'Restoring' });
    await e.settle();
    const view = await e.api('GET', `/jobs/${jobId}`);
    const counts = view.body['Counts'] as Record<string, number>;
    expect(view.body).toMatchObject({ Status: 'Cancelled', Failures: [{ code: 'JobCancelled', message: 'cancelled by request' }] });
    expect(counts['restored']).toBeGreaterThan(0);
    expect(counts['restored']).toBeLessThan(30);

    await e.advance(48 * HOUR, 12 * HOUR);
    const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
    expect(finished).toEqual([
      expect.objectContaining({ Status: 'Cancelled', ClientTag: 'e2e-cancel', TotalObjects: 30, RestoredObjects: counts['restored'], PendingObjects: 30 - counts['restored']! }),
    ]);
    expect((await e.api('GET', `/jobs/${jobId}`)).body).toMatchObject({ Status: 'Cancelled', Counts: counts });
    const again = await e.api('POST', `/jobs/${jobId}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body['error']).toMatchObject({ code: 'JobAlreadyFinished' });
  }, 120_000);
});
