import type { JobStatus } from './job-state.js';
import type { ObjectState } from './object-state.js';
import { OBJECT_STATES } from './object-state.js';

/** Objects per state for one job. */
export type ObjectCounts = Record<ObjectState, number>;

export function emptyCounts(): ObjectCounts {
  return Object.fromEntries(OBJECT_STATES.map((s) => [s, 0])) as ObjectCounts;
}

/** Sum counters (e.g. the shards of a job). */
export function addCounts(...parts: Array<Partial<ObjectCounts>>): ObjectCounts {
  const total = emptyCounts();
  for (const part of parts) for (const s of OBJECT_STATES) total[s] += part[s] ?? 0;
  return total;
}

export function settledCount(counts: ObjectCounts): number {
  return counts.restored + counts.available + counts.failed;
}

/** Every object settled: the job can complete. A job without objects is complete at once. */
export function allSettled(counts: ObjectCounts, total: number): boolean {
  return settledCount(counts) >= total;
}

/**
 * `ProgressPercent`: the share of settled objects, floored; held at 99 until the job is
 * `Complete`, when it is 100; never below `previous` (what was already published). See
 * docs/events.md.
 *
 * @example progressPercent(emptyCounts(), 0, 'Complete') // 100
 */
export function progressPercent(counts: ObjectCounts, total: number, status: JobStatus, previous = 0): number {
  if (status === 'Complete') return 100;
  const raw = total === 0 ? 0 : Math.floor((100 * settledCount(counts)) / total);
  return Math.max(Math.min(raw, 99), Math.min(previous, 99));
}

/** Objects still waiting for something. */
export function pendingCount(counts: ObjectCounts, total: number): number {
  return Math.max(total - settledCount(counts), 0);
}
