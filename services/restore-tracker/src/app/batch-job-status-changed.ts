/**
 * Use case: S3 Batch Operations says one of its jobs changed status (`JobStatusChanged`, a
 * CloudTrail service event forwarded from the default bus). The status that ends something —
 * `Complete`, `Failed`, `Cancelled` — is applied at once, exactly as the `pollBatchJobs` schedule
 * would apply it ({@link applyBatchStatus}), so a job no longer waits for the next poll; the
 * schedule stays as the safety net for events that are late or never come.
 *
 * The event names the Batch job, not ours: the job is found in the active index (the poller's,
 * jobs not yet finished and published), a few pages at most. The event tells *when*; DescribeJob
 * tells *what* (task counts, the report's location, the failure reasons with their messages),
 * the same description the poller applies. Idempotent: a duplicate finds the status recorded or
 * the job ended; a progress status (`Active`…) decides nothing here, so one arriving late (after
 * `Complete`) changes nothing; `finish` lets one outcome in, whoever — poller or event — is first.
 */
import { DependencyError, isTerminalJobStatus } from '@s3-bulk-restore/shared';
import { ENDED_BATCH_STATUSES, applyBatchStatus } from './apply-batch-status.js';
import type { TrackerDeps } from './deps.js';
import type { ActiveJob, BatchJobDescription } from './ports.js';

/** A Batch job's status change, as the handler read it from the event. */
export interface BatchJobStatusChange {
  batchJobId: string;
  status: string;
  /** `serviceEventDetails.failureCodes` (may be empty even for `Failed`). */
  failureCodes: string[];
  /** `serviceEventDetails.statusChangeReason`. */
  statusChangeReason: string[];
  /** The event's time (ISO-8601), for the logs. */
  at?: string;
}

/**
 * What one event did: `finished` (it ended the job), `recorded` (a new Batch status was applied,
 * e.g. `Complete` with objects still awaited), `unchanged` (already applied), `already-finished`,
 * `not-tracked` (no active job has this Batch job: another system's, or one of ours already ended
 * and announced), `ignored` (a status that decides nothing).
 */
export type BatchStatusOutcome = 'finished' | 'recorded' | 'unchanged' | 'already-finished' | 'not-tracked' | 'ignored';

export interface BatchStatusEventResult {
  outcome: BatchStatusOutcome;
  jobId?: string;
  /** Failed tasks read from the completion report. */
  reportTasks?: number;
}

/** Active-index entries read per page while looking for the Batch job's job. */
const LOOKUP_PAGE = 100;

/**
 * Apply a Batch job's status change to the job it belongs to.
 *
 * @throws DependencyError `BatchStatusNotDescribed` when DescribeJob does not show the ended status
 *   yet (its view may lag the event): thrown so that the event is retried
 * @example
 * await batchJobStatusChanged(deps, { batchJobId: 'b1', status: 'Failed', failureCodes: ['TaskFailureThresholdExceeded'], statusChangeReason: [] });
 * // { outcome: 'finished', jobId: 'j1', reportTasks: 612 }
 */
export async function batchJobStatusChanged(deps: TrackerDeps, change: BatchJobStatusChange): Promise<BatchStatusEventResult> {
  if (!ENDED_BATCH_STATUSES.has(change.status)) return { outcome: 'ignored' };
  const job = await activeJobOf(deps, change.batchJobId);
  if (!job) {
    deps.log({ level: 'info', msg: 'Batch job status event for no active job', batchJobId: change.batchJobId, batchStatus: change.status });
    return { outcome: 'not-tracked' };
  }
  const where = { jobId: job.jobId, batchJobId: job.batchJobId, batchStatus: change.status };
  if (isTerminalJobStatus(job.status)) return { outcome: 'already-finished', jobId: job.jobId };
  // As the poller: a completed Batch job, once recorded, has nothing more to say.
  if (job.batchStatus === 'Complete') return { outcome: 'unchanged', jobId: job.jobId };
  const described = await deps.batchJobs.describe(job.batchJobId);
  if (!ENDED_BATCH_STATUSES.has(described.status)) {
    throw new DependencyError('BatchStatusNotDescribed', `DescribeJob still shows the Batch job ${job.batchJobId} ${described.status}, the event says ${change.status}`, {
      ...where,
      described: described.status,
    });
  }
  const applied = await applyBatchStatus(deps, job, withEventReasons(described, change));
  deps.log({ level: 'info', msg: 'Batch job status event applied', ...where, ...applied, at: change.at });
  const outcome: BatchStatusOutcome = applied.finished ? 'finished' : applied.recorded ? 'recorded' : 'unchanged';
  return { outcome, jobId: job.jobId, reportTasks: applied.reportTasks };
}

/** The active job following `batchJobId`, read a page of the active index at a time. */
async function activeJobOf(deps: Pick<TrackerDeps, 'store'>, batchJobId: string): Promise<ActiveJob | undefined> {
  let cursor: string | undefined;
  do {
    const page = await deps.store.activeJobs({ limit: LOOKUP_PAGE, ...(cursor ? { cursor } : {}) });
    const found = page.jobs.find((job) => job.batchJobId === batchJobId);
    if (found) return found;
    cursor = page.cursor;
  } while (cursor);
  return undefined;
}

/**
 * DescribeJob's reasons, or — when it gives none for a failed job — the event's failure codes
 * (their meaning undocumented; the reasons, when S3 gives some, are the message).
 */
function withEventReasons(batch: BatchJobDescription, change: BatchJobStatusChange): BatchJobDescription {
  if (batch.status !== 'Failed' || batch.failureReasons.length > 0 || change.failureCodes.length === 0) return batch;
  const message = change.statusChangeReason.join('; ') || 'reported by the Batch job status event';
  return { ...batch, failureReasons: change.failureCodes.map((code) => ({ code, message })) };
}
