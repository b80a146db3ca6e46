/**
 * `POST /jobs/{id}/cancel`: stop a job. The Batch Operations job is cancelled first (S3 Control
 * UpdateJobStatus `Cancelled`; one that already ended is fine), so nothing more is restored or
 * billed; then `JobCancelRequested` goes on the bus. The restore-tracker owns terminal states: it
 * ends the job `Cancelled` with one `JobFinished`, the counts as they are (what was restored stays
 * counted), and the read model and the notifier follow that event as for any other ending. The
 * answer is the job as it stands now (202: the cancel is accepted, the `Cancelled` follows).
 *
 * A second request while the first is on its way does the same again and is answered the same:
 * both Batch cancels and both events are idempotent, and the tracker's conditional finish lets
 * only one `JobFinished` out. A job the read model already shows ended is a 409.
 */
import { ConflictError, DETAIL_TYPES, SOURCES, contracts, isTerminalJobStatus } from '@s3-bulk-restore/shared';
import type { JobView } from '@s3-bulk-restore/shared';
import type { JobsDeps } from './deps.js';
import { toJobView } from './job-record.js';
import { findJob } from './queries.js';

/** Why the Batch Operations job was cancelled, as S3 records it (`StatusUpdateReason`). */
export const CANCEL_REASON = 'cancelled by request (POST /jobs/{id}/cancel)';

/**
 * @throws ValidationError `InvalidJobId` (field `id`); NotFoundError `JobNotFound` (field `id`);
 *   ConflictError `JobAlreadyFinished` (details: `status`) for a job already `Complete`, `Failed`,
 *   `Cancelled` or `Timeout`; the Batch job's errors (`BatchOperationsUnavailable`, retryable)
 * @example
 * const view = await cancelJob(deps, '7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10'); // { Status: 'Restoring', … }; Cancelled follows
 */
export async function cancelJob(deps: Pick<JobsDeps, 'store' | 'batch' | 'bus' | 'now'>, id: unknown): Promise<JobView> {
  const job = await findJob(deps, id);
  if (isTerminalJobStatus(job.status)) {
    throw new ConflictError('JobAlreadyFinished', `Job ${job.jobId} already ended ${job.status}: there is nothing to cancel`, { jobId: job.jobId, status: job.status });
  }
  await deps.batch.cancel(job.batchJobId, CANCEL_REASON);
  const requestedAt = deps.now();
  const detail = contracts.jobCancelRequested.parse({ schemaVersion: 1, jobId: job.jobId, batchJobId: job.batchJobId, requestedAt: requestedAt.toISOString() });
  await deps.bus.publish([{ source: SOURCES.jobs, detailType: DETAIL_TYPES.jobCancelRequested, detail, time: requestedAt }]);
  return toJobView(job);
}
