/**
 * The one place that decides what a Batch Operations job's status means for our job, whoever
 * learned it: the `pollBatchJobs` schedule (DescribeJob) or a `JobStatusChanged` event
 * (app/batch-job-status-changed.ts, which describes the job too). `Failed` ends the job `Failed`
 * with the Batch job's reasons, `Cancelled` ends it `Cancelled`, `Complete` only means every
 * restore was requested: the completion report's failed tasks are applied and the job completes
 * once every object is settled. Every step is idempotent — the report's event ids are
 * deterministic, `finish` lets one outcome in — so the poller and an event, in either order or at
 * once, end a job once.
 */
import { DependencyError } from '@s3-bulk-restore/shared';
import { announceProgress } from './announce-progress.js';
import { applyCompletionReport } from './apply-report.js';
import type { ReportApplied } from './apply-report.js';
import type { TrackerDeps } from './deps.js';
import { finishJob } from './finish-job.js';
import { errorFields } from './log.js';
import type { ActiveJob, BatchJobDescription } from './ports.js';

/** Batch job statuses after which a completion report exists (if at least one task ran): the ones that decide something. */
export const ENDED_BATCH_STATUSES: ReadonlySet<string> = new Set(['Complete', 'Failed', 'Cancelled']);

/** The reason a job ended by its cancelled Batch job carries. */
export const BATCH_JOB_CANCELLED = 'The Batch Operations job was cancelled';

/** What applying one Batch status did. */
export interface BatchStatusApplied {
  /** This call ended the job (it published `JobFinished`). */
  finished: boolean;
  /** Failed tasks read from the completion report. */
  reportTasks: number;
  /** The status was new to the store and is now recorded. */
  recorded: boolean;
}

/**
 * Apply `batch` (a DescribeJob of `job.batchJobId`) to `job` as the active index lists it. What it
 * did is written into `applied` step by step, so a caller still knows it when a later step throws
 * (the report applied and the job completed, then recording the status failed).
 *
 * @throws DependencyError `ReportNotFound` when a completed Batch job's report cannot be found (yet):
 *   the status stays unrecorded, so the next poll or event tries again. A malformed report is
 *   logged and passed over (retrying cannot mend it); the sweep settles its objects.
 * @example
 * const applied = await applyBatchStatus(deps, activeJob, await deps.batchJobs.describe(activeJob.batchJobId));
 * applied.finished; // true when a Failed or Cancelled Batch job ended the job now
 */
export async function applyBatchStatus(
  deps: TrackerDeps,
  job: ActiveJob,
  batch: BatchJobDescription,
  applied: BatchStatusApplied = { finished: false, reportTasks: 0, recorded: false },
): Promise<BatchStatusApplied> {
  // Tracking not ready: objects may still be unregistered, so the report could not be matched to
  // them. Leave the status unrecorded and look again later. (jobs confirms the Batch job only
  // once tracking is ready, so this is a safety net.)
  if (batch.status === 'Complete' && job.status === 'Preparing') return applied;
  const at = deps.now().toISOString();
  if (batch.status !== job.batchStatus) {
    // The report first, the status after: a crash in between has the next run read the report
    // again, which records nothing twice.
    if (ENDED_BATCH_STATUSES.has(batch.status)) await readReport(deps, job, batch, applied);
    await deps.store.recordBatchStatus(job.jobId, { status: batch.status, failureReasons: batch.failureReasons, tasks: batch.tasks, at });
    applied.recorded = true;
  }
  if (batch.status === 'Failed') {
    const failures = batch.failureReasons.slice(0, 100);
    if (await finishJob(deps, job.jobId, { status: 'Failed', reason: failedReason(batch), ...(failures.length ? { failures } : {}), at })) applied.finished = true;
  } else if (batch.status === 'Cancelled') {
    if (await finishJob(deps, job.jobId, { status: 'Cancelled', reason: BATCH_JOB_CANCELLED, at })) applied.finished = true;
  }
  return applied;
}

/**
 * Apply the report of a Batch job that ended with failed tasks. A completed job is then announced,
 * so it completes once its last object settles. A completed job's report that is not there (yet)
 * stops it here (the next run tries again); a malformed one is passed over (the sweep settles its
 * objects); a failed or cancelled job ends anyway, with a warning.
 */
async function readReport(deps: TrackerDeps, job: ActiveJob, batch: BatchJobDescription, applied: BatchStatusApplied): Promise<void> {
  if (batch.tasks.failed === 0) return;
  const where = { jobId: job.jobId, batchJobId: job.batchJobId, batchStatus: batch.status };
  if (!batch.report) {
    deps.log({ level: 'warn', msg: 'the Batch job has failed tasks but writes no completion report: their objects stay unsettled', ...where, failedTasks: batch.tasks.failed });
    return;
  }
  let report: ReportApplied;
  try {
    report = await applyCompletionReport(deps, job, batch.report);
  } catch (error) {
    if (!(error instanceof DependencyError)) throw error;
    if (batch.status === 'Complete' && error.code !== 'ReportMalformed') throw error;
    // A malformed report stays malformed: reading it again would hold the job until its deadline.
    // Its status is recorded all the same, so the reconciliation sweep settles what the report
    // would have (missing keys as failed, objects not archived as available).
    const next = batch.status === 'Complete' ? 'the reconciliation sweep settles its objects' : 'the job ends without it';
    deps.log({ level: batch.status === 'Complete' ? 'error' : 'warn', msg: `the completion report could not be read; ${next}`, ...where, error: errorFields(error) });
    return;
  }
  applied.reportTasks += report.tasks;
  deps.log({ level: report.unmatched > 0 ? 'warn' : 'info', msg: 'completion report applied', ...where, ...report });
  // A failed or cancelled Batch job ends the job in applyBatchStatus; a completed one completes it once every object is settled.
  if (batch.status === 'Complete' && (await announceProgress(deps, job.jobId, report.transitions > 0)) === 'finished') applied.finished = true;
}

/** FailureReasons may be empty while tasks failed (the task-failure threshold): say which. */
function failedReason(batch: BatchJobDescription): string {
  const first = batch.failureReasons[0];
  const detail = first ? `${first.code}: ${first.message}` : `${batch.tasks.failed} of ${batch.tasks.total} tasks failed`;
  return `The Batch Operations job failed (${detail})`.slice(0, 1024);
}
