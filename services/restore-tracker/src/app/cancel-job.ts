/**
 * Use case: `JobCancelRequested` from the jobs service (`POST /jobs/{id}/cancel`, the Batch job
 * already told to cancel). The tracker owns terminal states, so it is the one that ends the job:
 * `Cancelled`, with the counts as they are (what was restored stays counted), through the same
 * conditional finish as every other ending — however many requests come, and whatever else ends
 * the job at the same moment (its last restore, the poller seeing the Batch job `Cancelled`), one
 * `JobFinished`. Restore events arriving later are still logged but change no outcome.
 */
import { NotFoundError, isTerminalJobStatus } from '@s3-bulk-restore/shared';
import type { JobCancelRequested } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import { finishJob } from './finish-job.js';

/** The reason a cancelled job's `JobFinished` carries. */
export const CANCELLED_BY_REQUEST = 'cancelled by request';

/** What a cancel request did: `cancelled` (this request ended the job), or why it changed nothing. */
export type CancelOutcome = 'cancelled' | 'already-finished' | 'other-batch-job';

/**
 * End the job `Cancelled`.
 *
 * @throws NotFoundError `JobNotFound` when the tracker does not know the job yet (its `JobCreated`
 *   is still on its way): thrown so that the event is retried
 * @example
 * await cancelRequested(deps, { schemaVersion: 1, jobId, batchJobId, requestedAt: '2030-01-01T10:00:00.000Z' }); // 'cancelled'
 */
export async function cancelRequested(deps: Pick<TrackerDeps, 'store' | 'bus' | 'now' | 'log'>, request: JobCancelRequested): Promise<CancelOutcome> {
  const job = await deps.store.progress(request.jobId);
  if (!job) throw new NotFoundError('JobNotFound', `No tracked job ${request.jobId} (yet)`, { jobId: request.jobId });
  if (job.batchJobId !== request.batchJobId) {
    deps.log({ level: 'warn', msg: 'cancel request for another Batch job ignored', jobId: request.jobId, batchJobId: request.batchJobId, tracked: job.batchJobId });
    return 'other-batch-job';
  }
  if (isTerminalJobStatus(job.status)) return 'already-finished';
  const won = await finishJob(deps, request.jobId, { status: 'Cancelled', reason: CANCELLED_BY_REQUEST, at: deps.now().toISOString() });
  return won ? 'cancelled' : 'already-finished';
}
