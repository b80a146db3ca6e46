import type { RestoreTier } from '../state/model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Where an archived object sits, for timing purposes. */
export type ArchiveKind = 'flexible' | 'deep';

export interface LatencyWindow {
  minMs: number;
  maxMs: number;
}

export type LatencyTable = Record<ArchiveKind, Partial<Record<RestoreTier | 'BatchStandard', LatencyWindow>>>;

/**
 * Restore completion windows from AWS's published ranges (aws-facts §4.1). Each restore's
 * latency is drawn uniformly from its window. Where AWS gives only an upper bound ("within 12
 * hours") the lower bound is ours; docs/sandbox.md lists them as assumptions.
 */
export const DEFAULT_LATENCIES: LatencyTable = {
  flexible: {
    Expedited: { minMs: 1 * MINUTE, maxMs: 5 * MINUTE },
    Standard: { minMs: 3 * HOUR, maxMs: 5 * HOUR },
    Bulk: { minMs: 5 * HOUR, maxMs: 12 * HOUR },
    // "Standard via S3 Batch Operations typically starts within minutes, finishes within 3-5 h".
    BatchStandard: { minMs: 1 * MINUTE, maxMs: 5 * HOUR },
  },
  deep: {
    Standard: { minMs: 6 * HOUR, maxMs: 12 * HOUR },
    Bulk: { minMs: 24 * HOUR, maxMs: 48 * HOUR },
    // "typically starts within 9 hours, finishes within 12 hours" (assumed lower bound 6 h as direct Standard).
    BatchStandard: { minMs: 6 * HOUR, maxMs: 12 * HOUR },
  },
};

export function windowFor(table: LatencyTable, kind: ArchiveKind, tier: RestoreTier, viaBatch: boolean): LatencyWindow {
  const row = table[kind];
  const window = (viaBatch && tier === 'Standard' ? row.BatchStandard : undefined) ?? row[tier];
  if (!window) throw new RangeError(`no restore window for ${kind}/${tier}`);
  return window;
}

/** A latency inside the window, from a uniform draw `u` in [0, 1). */
export function latencyFrom(window: LatencyWindow, u: number): number {
  return Math.round(window.minMs + (window.maxMs - window.minMs) * u);
}

/** Tier speed order: a restore may only be upgraded to a faster tier. */
export const TIER_SPEED: Record<RestoreTier, number> = { Bulk: 0, Standard: 1, Expedited: 2 };

/**
 * When a restored copy expires: `base + days`, rounded up to the next 00:00 UTC
 * (UG restoring-objects: 10:30 on 15 Oct + 3 days → 19 Oct 00:00).
 */
export function expiryAfter(baseMs: number, days: number): number {
  const t = baseMs + days * DAY;
  return Math.floor(t / DAY) * DAY + DAY;
}
