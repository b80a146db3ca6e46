import { describe, expect, it } from '@jest/globals';
import { estimateCompletion, typicalRestoreWindowHours } from './completion-estimate.js';
import type { CompletionEstimateInput } from './completion-estimate.js';
import { TERMINAL_JOB_STATUSES } from './job-state.js';
import { emptyCounts } from './progress.js';
import type { ObjectCounts } from './progress.js';

const START = '2030-01-01T00:00:00.000Z';
const hoursAfterStart = (hours: number) => new Date(Date.parse(START) + hours * 3_600_000).toISOString();
const counts = (partial: Partial<ObjectCounts>): ObjectCounts => ({ ...emptyCounts(), ...partial });

function input(overrides: Partial<CompletionEstimateInput>): CompletionEstimateInput {
  return { status: 'Restoring', tier: 'BULK', totalObjects: 1000, counts: counts({ restoring: 1000 }), restoresStartedAt: START, asOf: START, ...overrides };
}

describe('estimateCompletion', () => {
  describe('no settled objects: the tier’s typical window from when restores started', () => {
    it('BULK: 48 h (Deep Archive’s), STANDARD: 12 h', () => {
      expect(estimateCompletion(input({ tier: 'BULK', asOf: hoursAfterStart(1) }))).toBe(hoursAfterStart(48));
      expect(estimateCompletion(input({ tier: 'STANDARD', asOf: hoursAfterStart(1) }))).toBe(hoursAfterStart(12));
      expect([typicalRestoreWindowHours('BULK'), typicalRestoreWindowHours('STANDARD')]).toEqual([48, 12]);
    });

    it('also before the manifest is registered (no total yet), counted from creation when not confirmed', () => {
      const preparing = input({ status: 'Preparing', totalObjects: null, counts: emptyCounts(), tier: 'STANDARD', asOf: hoursAfterStart(0.5) });
      expect(estimateCompletion(preparing)).toBe(hoursAfterStart(12));
    });

    it('past the window, never earlier than the record’s own time', () => {
      expect(estimateCompletion(input({ tier: 'STANDARD', asOf: hoursAfterStart(20) }))).toBe(hoursAfterStart(20));
    });
  });

  describe('some settled: the remaining objects at the observed pace', () => {
    it('250 of 1,000 settled in 6 h: 18 h more after the counts were seen', () => {
      const some = input({ counts: counts({ restored: 200, available: 30, failed: 20, restoring: 750 }), countsAt: hoursAfterStart(6), asOf: hoursAfterStart(6) });
      expect(estimateCompletion(some)).toBe(hoursAfterStart(24));
    });

    it('extrapolates from when the counts were seen, not from a later update of the record', () => {
      const some = input({ tier: 'STANDARD', counts: counts({ restored: 500, restoring: 500 }), countsAt: hoursAfterStart(2), asOf: hoursAfterStart(3) });
      expect(estimateCompletion(some)).toBe(hoursAfterStart(4));
    });

    it('a slow pace may go past the typical window (it is an estimate, not a promise)', () => {
      const slow = input({ counts: counts({ restored: 10, restoring: 990 }), countsAt: hoursAfterStart(1), asOf: hoursAfterStart(1) });
      expect(estimateCompletion(slow)).toBe(hoursAfterStart(100));
    });

    it('is never earlier than the record’s own time', () => {
      const behind = input({ counts: counts({ restored: 900, restoring: 100 }), countsAt: hoursAfterStart(9), asOf: hoursAfterStart(12) });
      expect(estimateCompletion(behind)).toBe(hoursAfterStart(12));
    });

    it('counts seen before restores started (clocks apart) give no pace: the typical window instead', () => {
      const skewed = input({ counts: counts({ available: 5, restoring: 995 }), restoresStartedAt: hoursAfterStart(1), countsAt: START, asOf: hoursAfterStart(1) });
      expect(estimateCompletion(skewed)).toBe(hoursAfterStart(49));
    });
  });

  describe('all settled: done as soon as it is announced', () => {
    it('is the record’s own time', () => {
      const all = input({ counts: counts({ restored: 990, failed: 10 }), countsAt: hoursAfterStart(30), asOf: hoursAfterStart(30) });
      expect(estimateCompletion(all)).toBe(hoursAfterStart(30));
    });

    it('an empty job is done at once', () => {
      expect(estimateCompletion(input({ totalObjects: 0, counts: emptyCounts(), asOf: hoursAfterStart(0.1) }))).toBe(hoursAfterStart(0.1));
    });
  });

  describe('terminal: nothing to estimate', () => {
    it.each(TERMINAL_JOB_STATUSES)('%s has no estimate, settled or not', (status) => {
      expect(estimateCompletion(input({ status, counts: counts({ restored: 400, restoring: 600 }), countsAt: hoursAfterStart(5), asOf: hoursAfterStart(5) }))).toBeUndefined();
      expect(estimateCompletion(input({ status }))).toBeUndefined();
    });
  });

  it('unreadable times give no estimate', () => {
    expect(estimateCompletion(input({ restoresStartedAt: 'yesterday' }))).toBeUndefined();
  });
});
