/**
 * Batch Operations state in the sandbox snapshot: every job with its manifest rows, task
 * cursor, results and pending step, so a restarted sandbox resumes a running job where it was.
 */
import type { BatchJob } from './model.js';
import { JOB_STATUSES } from './model.js';

export interface BatchSnapshot {
  format: 1;
  /** Jobs created so far (feeds deterministic job ids). */
  jobCounter: number;
  jobs: BatchJob[];
}

export function toSnapshot(jobCounter: number, jobs: Iterable<BatchJob>): BatchSnapshot {
  return { format: 1, jobCounter, jobs: [...jobs] };
}

/**
 * Check a loaded snapshot's shape before trusting it. Only the fields the engine relies on to
 * schedule and count are checked; the rest came from our own `toSnapshot`.
 */
export function fromSnapshot(data: unknown): BatchSnapshot {
  if (data === undefined || data === null) return { format: 1, jobCounter: 0, jobs: [] };
  const snapshot = data as Partial<BatchSnapshot>;
  if (snapshot.format !== 1 || typeof snapshot.jobCounter !== 'number' || !Array.isArray(snapshot.jobs)) {
    throw new Error('batch snapshot: expected { format: 1, jobCounter, jobs[] }');
  }
  snapshot.jobs.forEach((job: unknown, i) => checkJob(job, i));
  return snapshot as BatchSnapshot;
}

function checkJob(value: unknown, index: number): void {
  const job = value as Partial<BatchJob> | null;
  const fail = (what: string) => {
    throw new Error(`batch snapshot: job #${index}: ${what}`);
  };
  if (!job || typeof job !== 'object') return fail('not an object');
  for (const field of ['jobId', 'accountId', 'region', 'fingerprint'] as const) {
    if (typeof job[field] !== 'string') fail(`${field} is not a string`);
  }
  if (!JOB_STATUSES.includes(job.status as never)) fail(`unknown status ${String(job.status)}`);
  for (const field of ['priority', 'creationTime', 'cursor', 'succeeded', 'failed', 'activeMs', 'eventCount'] as const) {
    if (typeof job[field] !== 'number') fail(`${field} is not a number`);
  }
  if (!Array.isArray(job.tasks) || !Array.isArray(job.results) || !Array.isArray(job.failureReasons)) fail('tasks, results or failureReasons is not a list');
  if (job.results!.length !== job.cursor || job.cursor! > job.tasks!.length) fail('cursor does not match results and tasks');
  if (!job.spec || typeof job.spec !== 'object') fail('spec is missing');
}
