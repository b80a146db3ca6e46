/**
 * Use case (scheduled): follow the Batch Operations job of every active job through the active
 * index (never a scan) with DescribeJob — the safety net behind S3's `JobStatusChanged` events
 * (app/batch-job-status-changed.ts). What a status means is decided in one place for both,
 * {@link applyBatchStatus}: a Batch job that failed or was cancelled ends the tracker's job; one
 * that completed only means every restore was requested, so objects are still awaited — except
 * those whose task failed, which its completion report names (not archived, missing key…), after
 * which the job may complete. A job past its deadline
 * (app/deadline.ts) ends `Timeout` with the counts as they are, whatever its Batch job says. A job
 * that ended but whose `JobFinished` was never confirmed published (its writer died in between)
 * is announced again once it is older than a grace period.
 */
import { allSettled, isTerminalJobStatus, pendingCount } from '@s3-bulk-restore/shared';
import { announceProgress } from './announce-progress.js';
import { applyBatchStatus } from './apply-batch-status.js';
import type { BatchStatusApplied } from './apply-batch-status.js';
import type { TrackerDeps } from './deps.js';
import { announceFinished, finishJob } from './finish-job.js';
import { errorFields } from './log.js';
import { mapBounded } from './pool.js';
import type { ActiveJob } from './ports.js';

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
  const applied: BatchStatusApplied = { finished: false, reportTasks: 0, recorded: false };
  try {
    await applyBatchStatus(deps, job, batch, applied);
  } finally {
    // Counted even when a later step failed: the report was read and the job may have ended.
    result.reportTasks += applied.reportTasks;
    if (applied.finished) result.finished += 1;
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
