import { describe, expect, it } from '@jest/globals';
import { addCounts, allSettled, emptyCounts, pendingCount, progressPercent } from './progress.js';
import { thresholdToNotify, thresholds } from './thresholds.js';

describe('ProgressPercent', () => {
  const counts = (restored: number, failed = 0, available = 0) => ({ ...emptyCounts(), restored, failed, available });

  it('is the floored share of settled objects (restored, available, failed)', () => {
    expect(progressPercent(counts(1, 1, 1), 10, 'Restoring')).toBe(30);
    expect(progressPercent(counts(2), 3, 'Restoring')).toBe(66);
  });

  it('is held at 99 until Complete, and 100 only in Complete', () => {
    expect(progressPercent(counts(1000), 1000, 'Restoring')).toBe(99);
    expect(progressPercent(counts(999, 1), 1000, 'Failed')).toBe(99);
    expect(progressPercent(counts(1000), 1000, 'Complete')).toBe(100);
    expect(progressPercent(emptyCounts(), 0, 'Complete')).toBe(100);
  });

  it('never goes below what was already published', () => {
    expect(progressPercent(counts(10), 100, 'Restoring', 40)).toBe(40);
  });

  it('sums shards and knows when everything is settled', () => {
    const total = addCounts({ registered: 5 }, { registered: -2, restored: 2 }, { registered: -3, failed: 3 });
    expect(total).toEqual({ ...emptyCounts(), restored: 2, failed: 3 });
    expect(allSettled(total, 5)).toBe(true);
    expect(pendingCount(total, 6)).toBe(1);
  });
});

describe('thresholds', () => {
  it('every step below 100', () => {
    expect(thresholds(10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(thresholds(25)).toEqual([25, 50, 75]);
    expect(() => thresholds(0)).toThrow(RangeError);
  });

  it('notifies the highest threshold crossed since the last one', () => {
    expect(thresholdToNotify(47, 10, 20)).toBe(40);
    expect(thresholdToNotify(47, 10, 40)).toBeUndefined();
    expect(thresholdToNotify(9, 10, 0)).toBeUndefined();
    expect(thresholdToNotify(99, 10, 0)).toBe(90);
  });
});
