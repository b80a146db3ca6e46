/**
 * When a restore job is expected to be done: the `EstimatedCompletionAt` of `GET /jobs/{id}`.
 *
 * - Before any object has settled, the only guide is AWS's typical restore time for the tier
 *   (aws-facts §4.1), counted from when restores started (the Batch job's confirmation). A
 *   manifest names keys, not storage classes, so the window is the longest the tier allows over
 *   the archive classes a job may hold: Deep Archive's (BULK 48 h, STANDARD 12 h).
 * - Once objects settle, the observed pace is the better guide: the remaining objects at the rate
 *   the settled ones took since restores started.
 * - Everything settled: the job ends as soon as the tracker announces it, so "now".
 *
 * "Now" is the job record's own time (its last update), never the wall clock, so the same record
 * always shows the same estimate; and no estimate is earlier than it.
 */
import { isTerminalJobStatus } from './job-state.js';
import type { JobStatus } from './job-state.js';
import { settledCount } from './progress.js';
import type { ObjectCounts } from './progress.js';

/** The restore tiers S3 Batch Operations runs. */
export type BatchRestoreTier = 'STANDARD' | 'BULK';

/**
 * The longest typical restore AWS documents, in hours, per tier and archive class (aws-facts
 * §4.1: Flexible Retrieval STANDARD 3–5 h, BULK 5–12 h; Deep Archive within 12 h and 48 h).
 * Intelligent-Tiering's Archive Access tier restores like Flexible Retrieval, its Deep Archive
 * Access tier like Deep Archive.
 */
export const TYPICAL_RESTORE_HOURS: Readonly<Record<BatchRestoreTier, { flexibleRetrieval: number; deepArchive: number }>> = {
  STANDARD: { flexibleRetrieval: 5, deepArchive: 12 },
  BULK: { flexibleRetrieval: 12, deepArchive: 48 },
};

/** The typical restore window of `tier` whatever the archive class: the slowest class's. */
export function typicalRestoreWindowHours(tier: BatchRestoreTier): number {
  const hours = TYPICAL_RESTORE_HOURS[tier];
  return Math.max(hours.flexibleRetrieval, hours.deepArchive);
}

export interface CompletionEstimateInput {
  status: JobStatus;
  tier: BatchRestoreTier;
  /** Null until every manifest line is registered. */
  totalObjects: number | null;
  counts: ObjectCounts;
  /** When restores started: the Batch job's confirmation, or the job's creation before it. */
  restoresStartedAt: string;
  /** When `counts` were observed (the last progress event); `asOf` when not given. */
  countsAt?: string;
  /** The record's "now" (its last update): no estimate is earlier. */
  asOf: string;
}

const HOUR_MS = 3_600_000;

/**
 * The ISO-8601 time the job is expected to be done, or undefined when it already ended (or its
 * times are unreadable).
 *
 * @example
 * // BULK, confirmed at midnight, 250 of 1,000 objects settled by 06:00: 18 h more at that pace.
 * estimateCompletion({ status: 'Restoring', tier: 'BULK', totalObjects: 1000, counts: { ...emptyCounts(), restored: 250 },
 *   restoresStartedAt: '2030-01-01T00:00:00.000Z', countsAt: '2030-01-01T06:00:00.000Z', asOf: '2030-01-01T06:00:00.000Z' });
 * // '2030-01-02T00:00:00.000Z'
 */
export function estimateCompletion(input: CompletionEstimateInput): string | undefined {
  if (isTerminalJobStatus(input.status)) return undefined;
  const startedAt = Date.parse(input.restoresStartedAt);
  const asOf = Date.parse(input.asOf);
  const countsAt = input.countsAt === undefined ? asOf : Date.parse(input.countsAt);
  if (![startedAt, asOf, countsAt].every(Number.isFinite)) return undefined;
  const estimate = projectedEnd(input, startedAt, countsAt);
  return new Date(Math.max(estimate, asOf)).toISOString();
}

function projectedEnd(input: CompletionEstimateInput, startedAt: number, countsAt: number): number {
  const settled = settledCount(input.counts);
  const total = input.totalObjects;
  if (total !== null && settled >= total) return countsAt;
  // A pace needs settled objects and time since the start; a clock that puts the counts before
  // the start (the tracker's and the jobs service's clocks differ) gives none.
  if (total !== null && settled > 0 && countsAt > startedAt) {
    const perObjectMs = (countsAt - startedAt) / settled;
    return countsAt + (total - settled) * perObjectMs;
  }
  return startedAt + typicalRestoreWindowHours(input.tier) * HOUR_MS;
}
