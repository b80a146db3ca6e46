/**
 * The NotificationLedger contract: what every implementation (in memory, DynamoDB on moto,
 * SQLite) must do so that each notification happens once per job whatever the retries. It
 * assumes no store: the harness builds a ledger over the clock and lease the suite hands it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Claim, ClaimResult, NotificationLedger } from '../../src/app/ports.js';
import { ManualClock } from '../support/clock.js';
import { finishedNote, newJobId, progressNote, settingsFor } from '../support/fixtures.js';

export interface LedgerHarness {
  ledger: NotificationLedger;
  cleanup(): Promise<void>;
}

export type LedgerSetup = (deps: { now: () => Date; leaseMs: number }) => Promise<LedgerHarness>;

const LEASE_MS = 30_000;

function claimOf(result: ClaimResult): Claim {
  if (result.outcome !== 'claimed') throw new Error(`expected a claim, got ${result.outcome}`);
  return result.claim;
}

export function notificationLedgerContract(name: string, setup: LedgerSetup): void {
  describe(`NotificationLedger contract: ${name}`, () => {
    const clock = new ManualClock();
    let ledger: NotificationLedger;
    let harness: LedgerHarness;

    beforeAll(async () => {
      harness = await setup({ now: clock.now, leaseMs: LEASE_MS });
      ledger = harness.ledger;
    });
    afterAll(async () => harness?.cleanup());

    async function newJob(overrides = {}): Promise<string> {
      const jobId = newJobId();
      await ledger.saveSettings(settingsFor(jobId, overrides));
      return jobId;
    }

    it('keeps settings; the first write wins; an unknown job has none', async () => {
      const jobId = newJobId();
      await ledger.saveSettings(settingsFor(jobId, { progressStepPercent: 25 }));
      await ledger.saveSettings(settingsFor(jobId, { progressStepPercent: 5, clientTag: 'other' }));
      expect(await ledger.settings(jobId)).toEqual(settingsFor(jobId, { progressStepPercent: 25 }));
      expect(await ledger.settings(newJobId())).toBeUndefined();
    });

    it('keeps settings without a client tag as having none', async () => {
      const jobId = newJobId();
      const { clientTag: _omit, ...untagged } = settingsFor(jobId);
      await ledger.saveSettings(untagged);
      const stored = await ledger.settings(jobId);
      expect(stored).toEqual(untagged);
      expect(stored).not.toHaveProperty('clientTag');
    });

    it('a fresh threshold claim holds its notification; once marked sent it answers sent and counts as the last sent', async () => {
      const jobId = await newJob();
      const claim = claimOf(await ledger.claimThreshold({ jobId, threshold: 30, notification: progressNote(jobId, 30, 34) }));
      expect(claim).toMatchObject({ jobId, target: { kind: 'threshold', threshold: 30 }, attempt: 1 });
      expect(claim.notification).toEqual(progressNote(jobId, 30, 34));
      expect(await ledger.lastSentThreshold(jobId)).toBe(0);
      await ledger.markSent(claim);
      expect(await ledger.claimThreshold({ jobId, threshold: 30, notification: progressNote(jobId, 30) })).toEqual({ outcome: 'sent' });
      expect(await ledger.lastSentThreshold(jobId)).toBe(30);
    });

    it('threshold claims are monotonic: nothing at or below a claimed threshold is claimed after it', async () => {
      const jobId = await newJob();
      await ledger.markSent(claimOf(await ledger.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40) })));
      expect(await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) })).toEqual({ outcome: 'superseded' });
      const higher = claimOf(await ledger.claimThreshold({ jobId, threshold: 50, notification: progressNote(jobId, 50) }));
      await ledger.markSent(higher);
      expect(await ledger.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40) })).toEqual({ outcome: 'sent' });
      expect(await ledger.lastSentThreshold(jobId)).toBe(50);
    });

    it('a pending claim (crash between claim and send) is in progress until its lease ends, then resumed once with the stored notification', async () => {
      const jobId = await newJob();
      const first = claimOf(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10, 12) }));
      expect(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10, 15) })).toEqual({ outcome: 'in-progress' });
      clock.advance(LEASE_MS + 1);
      const resumed = claimOf(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10, 15) }));
      expect(resumed.attempt).toBe(2);
      expect(resumed.token).not.toBe(first.token);
      expect(resumed.notification).toEqual(progressNote(jobId, 10, 12));
      expect(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10) })).toEqual({ outcome: 'in-progress' });
      await ledger.markSent(resumed);
      expect(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10) })).toEqual({ outcome: 'sent' });
    });

    it('release ends the lease at once, so the next delivery resumes without waiting', async () => {
      const jobId = await newJob();
      const claim = claimOf(await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) }));
      await ledger.release(claim);
      const resumed = claimOf(await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) }));
      expect(resumed.attempt).toBe(2);
    });

    it('a pending threshold overtaken by a higher claim is never resumed', async () => {
      const jobId = await newJob();
      claimOf(await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) }));
      await ledger.markSent(claimOf(await ledger.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40) })));
      clock.advance(LEASE_MS + 1);
      expect(await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) })).toEqual({ outcome: 'superseded' });
    });

    it('only the current holder can mark a claim sent or release it', async () => {
      const jobId = await newJob();
      const stale = claimOf(await ledger.claimThreshold({ jobId, threshold: 60, notification: progressNote(jobId, 60) }));
      clock.advance(LEASE_MS + 1);
      const current = claimOf(await ledger.claimThreshold({ jobId, threshold: 60, notification: progressNote(jobId, 60) }));
      await ledger.markSent(stale);
      await ledger.release(stale);
      expect(await ledger.claimThreshold({ jobId, threshold: 60, notification: progressNote(jobId, 60) })).toEqual({ outcome: 'in-progress' });
      expect(await ledger.lastSentThreshold(jobId)).toBe(0);
      await ledger.markSent(current);
      expect(await ledger.claimThreshold({ jobId, threshold: 60, notification: progressNote(jobId, 60) })).toEqual({ outcome: 'sent' });
    });

    it('exactly one of many concurrent claims for the same threshold wins', async () => {
      const jobId = await newJob();
      const results = await Promise.all(
        Array.from({ length: 6 }, () => ledger.claimThreshold({ jobId, threshold: 30, notification: progressNote(jobId, 30) })),
      );
      expect(results.filter((r) => r.outcome === 'claimed')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'in-progress')).toHaveLength(5);
    });

    it('exactly one of many concurrent deliveries resumes a claim whose lease ran out', async () => {
      const jobId = await newJob();
      claimOf(await ledger.claimThreshold({ jobId, threshold: 70, notification: progressNote(jobId, 70) }));
      clock.advance(LEASE_MS + 1);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => ledger.claimThreshold({ jobId, threshold: 70, notification: progressNote(jobId, 70) })),
      );
      expect(results.filter((r) => r.outcome === 'claimed').map((r) => (r as { claim: Claim }).claim.attempt)).toEqual([2]);
      expect(results.filter((r) => r.outcome === 'in-progress')).toHaveLength(4);
    });

    it('concurrent claims for different thresholds: the highest always wins and nothing lower is claimable after', async () => {
      const jobId = await newJob();
      const results = await Promise.all([10, 20, 30, 40].map((threshold) => ledger.claimThreshold({ jobId, threshold, notification: progressNote(jobId, threshold) })));
      expect(results[3]?.outcome).toBe('claimed');
      clock.advance(LEASE_MS + 1);
      for (const threshold of [10, 20, 30]) {
        expect(await ledger.claimThreshold({ jobId, threshold, notification: progressNote(jobId, threshold) })).toEqual({ outcome: 'superseded' });
      }
    });

    it('the terminal claim happens once, even under concurrent calls, and no threshold is claimed after it', async () => {
      const jobId = await newJob();
      await ledger.markSent(claimOf(await ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10) })));
      const results = await Promise.all(Array.from({ length: 5 }, () => ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })));
      const winners = results.filter((r) => r.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      expect(await ledger.claimThreshold({ jobId, threshold: 90, notification: progressNote(jobId, 90) })).toEqual({ outcome: 'superseded' });
      await ledger.markSent(claimOf(winners[0]!));
      expect(await ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })).toEqual({ outcome: 'sent' });
    });

    it('a pending threshold is not resumed after the terminal claim', async () => {
      const jobId = await newJob();
      claimOf(await ledger.claimThreshold({ jobId, threshold: 90, notification: progressNote(jobId, 90) }));
      claimOf(await ledger.claimTerminal({ jobId, notification: finishedNote(jobId) }));
      clock.advance(LEASE_MS + 1);
      expect(await ledger.claimThreshold({ jobId, threshold: 90, notification: progressNote(jobId, 90) })).toEqual({ outcome: 'superseded' });
    });

    it('a pending terminal claim is resumed after its lease with the stored notification', async () => {
      const jobId = await newJob();
      claimOf(await ledger.claimTerminal({ jobId, notification: finishedNote(jobId, 'Failed') }));
      expect(await ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })).toEqual({ outcome: 'in-progress' });
      clock.advance(LEASE_MS + 1);
      const resumed = claimOf(await ledger.claimTerminal({ jobId, notification: finishedNote(jobId) }));
      expect(resumed).toMatchObject({ target: { kind: 'terminal' }, attempt: 2 });
      expect(resumed.notification).toEqual(finishedNote(jobId, 'Failed'));
    });

    it('claims need the job settings', async () => {
      const jobId = newJobId();
      await expect(ledger.claimThreshold({ jobId, threshold: 10, notification: progressNote(jobId, 10) })).rejects.toMatchObject({ code: 'SettingsNotFound' });
      await expect(ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })).rejects.toMatchObject({ code: 'SettingsNotFound' });
      expect(await ledger.lastSentThreshold(jobId)).toBe(0);
    });

    it('jobs do not share claims', async () => {
      const a = await newJob();
      const b = await newJob();
      await ledger.markSent(claimOf(await ledger.claimThreshold({ jobId: a, threshold: 50, notification: progressNote(a, 50) })));
      await ledger.markSent(claimOf(await ledger.claimTerminal({ jobId: a, notification: finishedNote(a) })));
      expect((await ledger.claimThreshold({ jobId: b, threshold: 10, notification: progressNote(b, 10) })).outcome).toBe('claimed');
      expect((await ledger.claimTerminal({ jobId: b, notification: finishedNote(b) })).outcome).toBe('claimed');
      expect(await ledger.lastSentThreshold(b)).toBe(0);
    });
  });
}
