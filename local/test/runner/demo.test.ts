/**
 * The demo (`npm start`) in manual-clock mode: the local runner and the sandbox in this process,
 * virtual time advanced only by the demo's driver, so the whole bulk restore is fast and
 * deterministic. Asserts the notifications a subscriber gets and the exact counts.
 */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { runDemo } from '../../src/demo/demo.js';

describe('the demo on a manual clock', () => {
  it('restores every archived object, settles the not-archived and missing ones, and ends with exactly one Complete', async () => {
    const result = await runDemo({ objects: 1000, timeScale: 1, clockMode: 'manual', seed: 11, wallTimeoutMs: 50_000 });
    const { seeded } = result.job;
    const archived = seeded.objects - seeded.notArchived - seeded.missing;
    expect(seeded.notArchived).toBe(3);
    expect(seeded.missing).toBe(2);

    for (const n of result.notifications) expect(contracts.notification.is(n)).toBe(true);
    const finished = result.notifications.filter((n) => n.EventType === 'Finished');
    expect(finished).toHaveLength(1);
    expect(result.final).toMatchObject({
      Status: 'Complete',
      ProgressPercent: '100',
      TotalObjects: 1000,
      RestoredObjects: archived,
      AvailableObjects: seeded.notArchived,
      FailedObjects: seeded.missing,
      PendingObjects: 0,
      ClientTag: 'demo',
      JobId: result.job.jobId,
      BatchJobId: result.job.batchJobId,
    });
    // The default 10 % steps: each threshold once, in order, before the terminal event.
    const thresholds = result.notifications.filter((n) => n.EventType === 'Progress').map((n) => n.Threshold);
    expect(thresholds).toEqual([...new Set(thresholds)]);
    expect(thresholds).toEqual([...thresholds].sort((a, b) => a! - b!));
    expect(thresholds.length).toBeGreaterThanOrEqual(5);
    expect(result.notifications.at(-1)).toBe(result.final);

    expect(result.failed).toHaveLength(seeded.missing);
    for (const f of result.failed) {
      expect(f.bucket).toBe(result.job.bucket);
      expect(f.code).toBe('NoSuchKey');
      expect(f.message.length).toBeGreaterThan(0);
    }
    // Deep Archive Bulk takes up to 48 virtual hours; the driver moved the clock at least that far, not days more.
    expect(result.virtualMs).toBeGreaterThan(5 * 3_600_000);
    expect(result.virtualMs).toBeLessThan(72 * 3_600_000);
  });
});
