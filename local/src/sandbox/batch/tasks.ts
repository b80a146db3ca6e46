/**
 * Running restore tasks. Each task is one RestoreObject request through the same
 * {@link RestoreEngine} the REST API uses, so Batch Operations' overlap rules (aws-facts §6.4)
 * fall out of RestoreObject's: a faster tier with the same days upgrades (202), a restored copy
 * has its expiry moved (200) — both succeed — and any other request on an in-progress restore
 * is RestoreAlreadyInProgress, a failed task.
 */
import { S3Error } from '../protocol/errors.js';
import { uniform } from '../random.js';
import type { RestoreEngine } from '../restore/engine.js';
import type { S3State } from '../state/store.js';
import { taskRequestIds } from './ids.js';
import type { BatchJob, ManifestEntry, TaskResult } from './model.js';

export interface TaskDeps {
  s3: S3State;
  restores: RestoreEngine;
  seed: number;
  /** Share of tasks failed with InternalError regardless of the object (fault injection). */
  taskFailureRate: number;
}

/** "After at least 1,000 tasks have run, if more than 50 % failed the job fails" (UG batch-ops-job-status). */
export const FAILURE_THRESHOLD_MIN_TASKS = 1000;
export const FAILURE_THRESHOLD_RATE = 0.5;

/** Result text of a succeeded restore task. AWS's wording for restore rows is unverified. */
const SUCCEEDED_MESSAGE = 'Successful';

export type SliceOutcome = 'more' | 'done' | 'thresholdExceeded';

/**
 * Run up to `limit` tasks from the job's cursor, recording each result. Stops early when the
 * failure threshold is crossed.
 */
export function runSlice(job: BatchJob, limit: number, deps: TaskDeps): SliceOutcome {
  const end = Math.min(job.cursor + limit, job.tasks.length);
  while (job.cursor < end) {
    const index = job.cursor;
    const result = runTask(job, job.tasks[index]!, index, deps);
    job.results.push(result);
    job.cursor++;
    if (result.succeeded) job.succeeded++;
    else job.failed++;
    if (thresholdExceeded(job)) return 'thresholdExceeded';
  }
  return job.cursor >= job.tasks.length ? 'done' : 'more';
}

export function thresholdExceeded(job: Pick<BatchJob, 'succeeded' | 'failed'>): boolean {
  const attempted = job.succeeded + job.failed;
  return attempted >= FAILURE_THRESHOLD_MIN_TASKS && job.failed > attempted * FAILURE_THRESHOLD_RATE;
}

function runTask(job: BatchJob, entry: ManifestEntry, index: number, deps: TaskDeps): TaskResult {
  if (deps.taskFailureRate > 0 && uniform(deps.seed, 'batch-task-fault', job.jobId, index) < deps.taskFailureRate) {
    return failed(new S3Error('InternalError', 'We encountered an internal error. Please try again.'));
  }
  try {
    const bucket = deps.s3.bucket(entry.bucket);
    if (bucket.region !== job.region) {
      // Restore jobs must run in the objects' Region (UG batch-ops-initiate-restore-object);
      // the code and status a task gets otherwise are assumed.
      throw new S3Error('PermanentRedirect', `The bucket ${bucket.name} is in ${bucket.region}, not in the job's Region ${job.region}.`, {}, 301);
    }
    const version = deps.s3.getVersion(bucket, entry.key, entry.versionId);
    const tier = (job.spec.operation.glacierJobTier ?? 'STANDARD') === 'BULK' ? 'Bulk' : 'Standard';
    const ids = taskRequestIds(deps.seed, job.jobId, index);
    const outcome = deps.restores.request(
      bucket,
      version,
      { days: job.spec.operation.expirationInDays, tier },
      {
        requestedBy: `batch:${job.jobId}`,
        viaBatchOperations: true,
        requestId: ids.requestId,
        hostId: ids.hostId,
        // The job's role acts for the account; who S3 names as requester here is unverified.
        requester: job.accountId,
        sourceIp: 's3.amazonaws.com',
      },
    );
    return { succeeded: true, httpStatus: outcome.status, resultMessage: SUCCEEDED_MESSAGE };
  } catch (error) {
    if (error instanceof S3Error) return failed(error);
    return failed(new S3Error('InternalError', error instanceof Error ? error.message : String(error)));
  }
}

function failed(error: S3Error): TaskResult {
  return { succeeded: false, httpStatus: error.status, errorCode: error.code, resultMessage: error.message };
}
