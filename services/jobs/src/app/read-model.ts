/**
 * How the tracker's events move the read model: pure folds, written once and used by every
 * JobStore implementation (each makes "read, fold, write if unchanged since" atomic its own way).
 *
 * The read model is monotonic:
 * - a terminal status sticks: nothing moves a finished job, and a second `JobFinished` is ignored;
 * - progress never goes backwards: objects never leave a settled state, so an event with fewer
 *   settled objects is older whatever its clock says; between equally settled events the later
 *   `at` wins; and `ProgressPercent` never drops below a value already shown;
 * - the status only moves forward (`Preparing → Restoring → terminal`);
 * - an event naming another Batch job than the record's is ignored (it is not about this job).
 */
import { isTerminalJobStatus, settledCount } from '@s3-bulk-restore/shared';
import type { JobFinished, JobProgressed, JobTrackingReady, ObjectCounts } from '@s3-bulk-restore/shared';
import type { JobRecord } from './job-record.js';

/** Why an update left the record as it was. */
export type IgnoredReason = 'unknown-job' | 'terminal' | 'stale' | 'duplicate' | 'other-batch-job';

/** A fold's answer: the next record, or why there is none. */
export type Fold = { next: JobRecord } | { ignored: IgnoredReason };

export function foldTrackingReady(job: JobRecord, ev: JobTrackingReady): Fold {
  if (ev.batchJobId !== job.batchJobId) return { ignored: 'other-batch-job' };
  if (isTerminalJobStatus(job.status)) return { ignored: 'terminal' };
  if (job.trackingReadyAt) return { ignored: 'duplicate' };
  // Until a JobProgressed arrives, every object of the job is registered and nothing more.
  const counts = job.progressAt ? job.counts : { ...job.counts, registered: ev.totalObjects };
  return { next: { ...job, totalObjects: ev.totalObjects, counts, trackingReadyAt: ev.readyAt, updatedAt: later(job.updatedAt, ev.readyAt) } };
}

export function foldProgress(job: JobRecord, ev: JobProgressed): Fold {
  if (ev.batchJobId !== job.batchJobId) return { ignored: 'other-batch-job' };
  if (isTerminalJobStatus(job.status)) return { ignored: 'terminal' };
  if (job.progressAt === ev.at && sameCounts(job.counts, ev.counts)) return { ignored: 'duplicate' };
  if (!isNewer(job, ev.counts, ev.at) || ev.progressPercent < job.progressPercent) return { ignored: 'stale' };
  return {
    next: {
      ...job,
      status: job.status === 'Preparing' && ev.status === 'Restoring' ? 'Restoring' : job.status,
      totalObjects: ev.totalObjects,
      counts: { ...ev.counts },
      ...(ev.bytes ? { bytes: { ...ev.bytes } } : {}),
      progressPercent: ev.progressPercent,
      progressAt: ev.at,
      updatedAt: later(job.updatedAt, ev.at),
    },
  };
}

export function foldFinished(job: JobRecord, ev: JobFinished): Fold {
  if (ev.batchJobId !== job.batchJobId) return { ignored: 'other-batch-job' };
  if (isTerminalJobStatus(job.status)) return { ignored: 'terminal' };
  const next: JobRecord = {
    ...job,
    status: ev.status,
    totalObjects: ev.totalObjects,
    counts: { ...ev.counts },
    ...(ev.bytes ? { bytes: { ...ev.bytes } } : {}),
    // 100 means Complete and nothing else (docs/events.md); otherwise never below what was shown.
    progressPercent: ev.status === 'Complete' ? 100 : Math.min(Math.max(job.progressPercent, ev.progressPercent), 99),
    progressAt: ev.at,
    finishedAt: ev.at,
    updatedAt: later(job.updatedAt, ev.at),
  };
  if (ev.failures && ev.failures.length > 0) next.failures = ev.failures.map((f) => ({ ...f }));
  if (ev.reason) next.reason = ev.reason;
  return { next };
}

/** The Batch job was confirmed: restores start now, so the job is `Restoring` (if not finished). */
export function foldConfirmed(job: JobRecord, at: Date): Fold {
  if (job.confirmedAt) return { ignored: 'duplicate' };
  const iso = at.toISOString();
  return { next: { ...job, status: job.status === 'Preparing' ? 'Restoring' : job.status, confirmedAt: iso, updatedAt: later(job.updatedAt, iso) } };
}

export function foldCreatedEventPublished(job: JobRecord): Fold {
  if (job.createdEventPublished) return { ignored: 'duplicate' };
  return { next: { ...job, createdEventPublished: true } };
}

/** More settled objects is newer whatever the clocks say; equally settled, the later `at` wins. */
function isNewer(job: JobRecord, counts: ObjectCounts, at: string): boolean {
  if (!job.progressAt) return true;
  const before = settledCount(job.counts);
  const after = settledCount(counts);
  if (after !== before) return after > before;
  return Date.parse(at) >= Date.parse(job.progressAt);
}

function sameCounts(a: ObjectCounts, b: ObjectCounts): boolean {
  return (Object.keys(a) as Array<keyof ObjectCounts>).every((state) => a[state] === b[state]);
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
