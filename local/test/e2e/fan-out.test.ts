/**
 * Fanned-out registration on the AWS adapters: a manifest bigger than REGISTRATION_RANGE_KIB is
 * split into ranges, `ManifestRangeRequested` goes over EventBridge on moto to the onManifestRange
 * function once per range, each range registers its lines in DynamoDB, and the last one in makes
 * the job ready — exactly one JobTrackingReady — before the restore runs to one Complete.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MOTO_MISSING, motoAvailable } from '../../../tools/testing/moto.js';
import { startE2E } from './harness/index.js';
import type { E2E } from './harness/index.js';
import { HOUR, forJob, putManifest, seed } from './support.js';

const describeE2E = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`e2e: ${MOTO_MISSING}\n`);

let e: E2E;
beforeAll(async () => {
  // The smallest range the configuration allows, so that a few hundred objects make several ranges.
  if (motoAvailable()) e = await startE2E({ env: { REGISTRATION_RANGE_KIB: '64' } });
}, 120_000);
afterAll(async () => e?.close());

describeE2E('a big manifest, registered in parallel ranges on moto', () => {
  it('registers every range once, says JobTrackingReady once with exact totals, and completes once', async () => {
    const seeded = await seed(e, { bucket: 'archive-fan', count: 100 });
    const text = await (await fetch(`${e.sandbox.endpoint}/${seeded.bucket}/${seeded.key}`)).text();
    const rows = text.split('\n').filter((line) => line.length > 0);
    // Blank lines (counted, never registered) spread the 100 objects over more than 200 KiB:
    // at least 3 ranges; the first object named again at the end is a duplicate across ranges.
    const padded = [...rows.map((row) => `${row}\n${'\n'.repeat(2100)}`), `${rows[0]}\n`].join('');
    expect(Buffer.byteLength(padded)).toBeGreaterThan(3 * 64 * 1024);
    await putManifest(e, seeded.bucket, 'manifests/padded.csv', padded);

    const created = await e.api('POST', '/create-job', { bucket: seeded.bucket, key: 'manifests/padded.csv', tier: 'BULK', expiration_days: 2 });
    expect(created.status).toBe(202);
    const jobId = created.body['BulkJobId'] as string;
    await e.settle();

    const ranges = e.runtime.invocations.filter((i) => i.function === 'restore-tracker/onManifestRange');
    expect(ranges.length).toBeGreaterThanOrEqual(3);
    expect(ranges.every((i) => i.ok)).toBe(true);
    // One JobTrackingReady: jobs' function for it succeeded once (a try while S3 still prepared
    // the Batch job fails and is retried, as on Lambda).
    const confirms = e.runtime.invocations.filter((i) => i.function === 'jobs/onTrackingReady');
    expect(confirms.filter((i) => i.ok)).toHaveLength(1);
    for (const failed of confirms.filter((i) => !i.ok)) expect(failed.error).toMatch(/confirm again later/);
    const view = await e.api('GET', `/jobs/${jobId}`);
    expect(view.body).toMatchObject({ Status: 'Restoring', TotalObjects: 100, TrackingReadyAt: expect.any(String) });

    await e.advance(60 * HOUR, 2 * HOUR);
    const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
    expect(finished).toEqual([expect.objectContaining({ Status: 'Complete', TotalObjects: 100, RestoredObjects: 100 })]);
  }, 600_000);
});
