/**
 * Use case (scheduled): follow the Batch Operations job of every active job through the active
 * index (never a scan). A Batch job that failed or was cancelled ends the tracker's job; one that
 * completed only means every restore was requested, so objects are still awaited — except those
 * whose task failed, which its completion report names and {@link applyCompletionReport} settles
 * (not archived, missing key…), after which the job may complete. A job past its deadline
 * (app/deadline.ts) ends `Timeout` with the counts as they are, whatever its Batch job says. A job
 * that ended but whose `JobFinished` was never confirmed published (its writer died in between)
 * is announced again once it is older than a grace period.
 */
import { DependencyError, allSettled, isTerminalJobStatus, pendingCount } from '@s3-bulk-restore/shared';
import { announceProgress } from './announce-progress.js';
import { applyCompletionReport } from './apply-report.js';
import type { ReportApplied } from './apply-report.js';
import type { TrackerDeps } from './deps.js';
import { announceFinished, finishJob } from './finish-job.js';
import { errorFields } from './log.js';
import { mapBounded } from './pool.js';
import type { ActiveJob, BatchJobDescription } from './ports.js';

/** Tuning of one poll run. */
export interface PollOptions {
  pageSize?: number;
  concurrency?: number;
  /** How old an unconfirmed finish must be before the poller publishes it again (default 60 s). */
  republishAfterMs?: number;
}

/** What one poll run did. */
export interface PollResult {
  jobs: number;
  described: number;
  finished: number;
  /** Jobs this run ended `Timeout` (also counted in `finished`). */
  timedOut: number;
  republished: number;
  /** Failed tasks read from completion reports. */
  reportTasks: number;
  errors: number;
}

/** Poll every active job's Batch job once; one job's failure is logged and counted, not thrown. */
export async function pollBatchJobs(deps: TrackerDeps, options: PollOptions = {}): Promise<PollResult> {
  const result: PollResult = { jobs: 0, described: 0, finished: 0, timedOut: 0, republished: 0, reportTasks: 0, errors: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.store.activeJobs({ limit: options.pageSize ?? 50, ...(cursor ? { cursor } : {}) });
    result.jobs += page.jobs.length;
    await mapBounded(page.jobs, options.concurrency ?? 4, async (job) => {
      try {
        await pollOne(deps, job, result, options.republishAfterMs ?? 60_000);
      } catch (error) {
        // One job's trouble must not stop the others; the next run tries it again.
        result.errors += 1;
        deps.log({ level: 'error', msg: 'polling a job failed', jobId: job.jobId, batchJobId: job.batchJobId, error: errorFields(error) });
      }
    });
    cursor = page.cursor;
  } while (cursor);
  return result;
}

async function pollOne(deps: TrackerDeps, job: ActiveJob, result: PollResult, republishAfterMs: number): Promise<void> {
  const now = deps.now();
  if (isTerminalJobStatus(job.status)) {
    if (job.finishedAt && now.getTime() - Date.parse(job.finishedAt) >= republishAfterMs) {
      await announceFinished(deps, job.jobId);
      result.republished += 1;
    }
    return;
  }
  // Before describing the Batch job: a job past its deadline ends even when S3 cannot be read.
  if (job.deadline !== undefined && now.getTime() >= Date.parse(job.deadline)) {
    const ended = await timeOut(deps, job.jobId, job.deadline);
    if (ended !== 'none') result.finished += 1;
    if (ended === 'timeout') result.timedOut += 1;
    return;
  }
  if (job.batchStatus === 'Complete') return;
  const batch = await deps.batchJobs.describe(job.batchJobId);
  result.described += 1;
  // Tracking not ready: objects may still be unregistered, so the report could not be matched to
  // them. Leave the status unrecorded and look again next run. (jobs confirms the Batch job only
  // once tracking is ready, so this is a safety net.)
  if (batch.status === 'Complete' && job.status === 'Preparing') return;
  if (batch.status !== job.batchStatus) {
    // The report first, the status after: a crash in between has the next run read the report
    // again, which records nothing twice.
    if (ENDED.has(batch.status)) await readReport(deps, job, batch, result);
    await deps.store.recordBatchStatus(job.jobId, { status: batch.status, failureReasons: batch.failureReasons, tasks: batch.tasks, at: now.toISOString() });
  }
  const at = now.toISOString();
  if (batch.status === 'Failed') {
    const failures = batch.failureReasons.slice(0, 100);
    if (await finishJob(deps, job.jobId, { status: 'Failed', reason: failedReason(batch), ...(failures.length ? { failures } : {}), at })) result.finished += 1;
  } else if (batch.status === 'Cancelled') {
    if (await finishJob(deps, job.jobId, { status: 'Cancelled', reason: 'The Batch Operations job was cancelled', at })) result.finished += 1;
  }
}

/**
 * End a job past its deadline: `Timeout`, with the counts as they are (the objects still pending
 * stay listed by state). A job whose objects all settled but that was never announced complete
 * (its announcement failed) completes instead.
 */
async function timeOut(deps: TrackerDeps, jobId: string, deadline: string): Promise<'timeout' | 'finished' | 'none'> {
  const job = await deps.store.progress(jobId);
  if (!job || isTerminalJobStatus(job.status)) return 'none';
  if (job.status === 'Restoring' && allSettled(job.counts, job.totalObjects)) return (await announceProgress(deps, jobId, false)) === 'finished' ? 'finished' : 'none';
  const pending = job.status === 'Preparing' ? 'its manifest was not yet registered' : `${pendingCount(job.counts, job.totalObjects)} of ${job.totalObjects} objects were not settled`;
  const reason = `The job passed its deadline (${deadline}): ${pending}`;
  const won = await finishJob(deps, jobId, { status: 'Timeout', reason, at: deps.now().toISOString() });
  if (won) deps.log({ level: 'warn', msg: 'job timed out', jobId, deadline, counts: job.counts, totalObjects: job.totalObjects });
  return won ? 'timeout' : 'none';
}

/** Batch job statuses after which a completion report exists (if at least one task ran). */
const ENDED = new Set(['Complete', 'Failed', 'Cancelled']);

/**
 * Apply the report of a Batch job that ended with failed tasks. A completed job is then announced,
 * so it completes once its last object settles. A report that cannot be read stops a completed
 * job's poll (the next run tries again); a failed or cancelled job ends anyway, with a warning.
 */
async function readReport(deps: TrackerDeps, job: ActiveJob, batch: BatchJobDescription, result: PollResult): Promise<void> {
  if (batch.tasks.failed === 0) return;
  const where = { jobId: job.jobId, batchJobId: job.batchJobId, batchStatus: batch.status };
  if (!batch.report) {
    deps.log({ level: 'warn', msg: 'the Batch job has failed tasks but writes no completion report: their objects stay unsettled', ...where, failedTasks: batch.tasks.failed });
    return;
  }
  let applied: ReportApplied;
  try {
    applied = await applyCompletionReport(deps, job, batch.report);
  } catch (error) {
    if (batch.status === 'Complete' || !(error instanceof DependencyError)) throw error;
    deps.log({ level: 'warn', msg: 'the completion report could not be read; the job ends without it', ...where, error: errorFields(error) });
    return;
  }
  result.reportTasks += applied.tasks;
  deps.log({ level: applied.unmatched > 0 ? 'warn' : 'info', msg: 'completion report applied', ...where, ...applied });
  // A failed or cancelled Batch job ends the job below; a completed one completes it once every object is settled.
  if (batch.status === 'Complete' && (await announceProgress(deps, job.jobId, applied.transitions > 0)) === 'finished') result.finished += 1;
}

/** FailureReasons may be empty while tasks failed (the task-failure threshold): say which. */
function failedReason(batch: BatchJobDescription): string {
  const first = batch.failureReasons[0];
  const detail = first ? `${first.code}: ${first.message}` : `${batch.tasks.failed} of ${batch.tasks.total} tasks failed`;
  return `The Batch Operations job failed (${detail})`.slice(0, 1024);
}
