/**
 * Use case (scheduled): follow the Batch Operations job of every active job through the active
 * index (never a scan). A Batch job that failed or was cancelled ends the tracker's job; one that
 * completed only means every restore was requested, so objects are still awaited. A job that
 * ended but whose `JobFinished` was never confirmed published (its writer died in between) is
 * announced again once it is older than a grace period.
 */
import { isTerminalJobStatus } from '@s3-bulk-restore/shared';
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
  republished: number;
  errors: number;
}

/** Poll every active job's Batch job once; one job's failure is logged and counted, not thrown. */
export async function pollBatchJobs(deps: TrackerDeps, options: PollOptions = {}): Promise<PollResult> {
  const result: PollResult = { jobs: 0, described: 0, finished: 0, republished: 0, errors: 0 };
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
  if (job.batchStatus === 'Complete') return;
  const batch = await deps.batchJobs.describe(job.batchJobId);
  result.described += 1;
  if (batch.status !== job.batchStatus) {
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

/** FailureReasons may be empty while tasks failed (the task-failure threshold): say which. */
function failedReason(batch: BatchJobDescription): string {
  const first = batch.failureReasons[0];
  const detail = first ? `${first.code}: ${first.message}` : `${batch.tasks.failed} of ${batch.tasks.total} tasks failed`;
  return `The Batch Operations job failed (${detail})`.slice(0, 1024);
}
