/**
 * Reacting to the restore-tracker: confirm the Batch job once tracking is ready (only then are
 * restores started and billed), and keep the read model current. A job that ends before its Batch
 * job was confirmed gets that Batch job cancelled, so nothing is left waiting behind it.
 */
import { DETAIL_TYPES, SOURCES, ValidationError, contracts, isTerminalJobStatus } from '@s3-bulk-restore/shared';
import type { JobTrackingReady } from '@s3-bulk-restore/shared';
import type { JobsDeps } from './deps.js';
import type { JobRecord } from './job-record.js';
import type { ReadModelUpdate } from './ports.js';

export type ConfirmOutcome = 'confirmed' | 'already-confirmed' | 'unknown-job' | 'other-batch-job' | 'job-finished';

/**
 * Confirm the job's Batch Operations job and record it.
 *
 * @throws DependencyError `BatchJobNotReady` while S3 still prepares the Batch job (retry later)
 */
export async function onTrackingReady(deps: JobsDeps, ev: JobTrackingReady): Promise<{ outcome: ConfirmOutcome; jobId: string }> {
  const job = await deps.store.get(ev.jobId);
  const outcome = !job ? 'unknown-job' : job.batchJobId !== ev.batchJobId ? 'other-batch-job' : await confirmJob(deps, job);
  return { outcome, jobId: ev.jobId };
}

/** Confirm one job whose tracking is ready; a finished job is never confirmed. */
export async function confirmJob(deps: Pick<JobsDeps, 'store' | 'batch' | 'now'>, job: JobRecord): Promise<ConfirmOutcome> {
  if (job.confirmedAt) return 'already-confirmed';
  if (isTerminalJobStatus(job.status)) return 'job-finished';
  await deps.batch.confirm(job.batchJobId);
  await deps.store.markConfirmed(job.jobId, deps.now());
  return 'confirmed';
}

export interface TrackerEventOutcome {
  detailType: string;
  jobId: string;
  update: Omit<ReadModelUpdate, 'job'> & { status?: string };
  /** Set when the event made us cancel a never-confirmed Batch job. */
  cancelledBatchJob?: string;
}

/**
 * Apply one tracker event (the EventBridge envelope) to the read model.
 *
 * @throws ValidationError `InvalidEvent` (field), `UnexpectedSource` (field `source`),
 *   `UnsupportedEvent` (field `detail-type`)
 */
export async function onTrackerEvent(deps: JobsDeps, envelope: unknown): Promise<TrackerEventOutcome> {
  const event = contracts.busEnvelope.parse(envelope);
  if (event.source !== SOURCES.tracker) {
    throw new ValidationError('UnexpectedSource', `source must be ${SOURCES.tracker}, got ${event.source}`, { field: 'source' });
  }
  const detailType = event['detail-type'];
  switch (detailType) {
    case DETAIL_TYPES.jobTrackingReady: {
      const ev = contracts.jobTrackingReady.parse(event.detail);
      return outcome(detailType, ev.jobId, await deps.store.applyTrackingReady(ev));
    }
    case DETAIL_TYPES.jobProgressed: {
      const ev = contracts.jobProgressed.parse(event.detail);
      return outcome(detailType, ev.jobId, await deps.store.applyProgress(ev));
    }
    case DETAIL_TYPES.jobFinished: {
      const ev = contracts.jobFinished.parse(event.detail);
      const update = await deps.store.applyFinished(ev);
      const result = outcome(detailType, ev.jobId, update);
      // Also on a redelivered event (update ignored as terminal): the first delivery may have died
      // between recording the end and cancelling, and cancel is idempotent.
      const job = update.job;
      if (job && job.batchJobId === ev.batchJobId && isTerminalJobStatus(job.status) && !job.confirmedAt) {
        await deps.batch.cancel(job.batchJobId);
        result.cancelledBatchJob = job.batchJobId;
      }
      return result;
    }
    default:
      throw new ValidationError('UnsupportedEvent', `detail-type ${detailType} is not a tracker event this service handles`, { field: 'detail-type' });
  }
}

function outcome(detailType: string, jobId: string, update: ReadModelUpdate): TrackerEventOutcome {
  const { job, ...rest } = update;
  return { detailType, jobId, update: job ? { ...rest, status: job.status } : rest };
}

/**
 * The safety net for confirmation: jobs whose tracking is ready but whose Batch job is not yet
 * confirmed (S3 was still preparing it when `JobTrackingReady` came, and the retries ran out).
 * Reads the `Preparing` jobs through the status index, page by page.
 */
export async function confirmReadyJobs(deps: JobsDeps, options: { maxJobs?: number } = {}): Promise<{ confirmed: string[]; pending: string[] }> {
  const confirmed: string[] = [];
  const pending: string[] = [];
  let nextToken: string | undefined;
  let seen = 0;
  do {
    const page = await deps.store.list({ status: 'Preparing', limit: 100, ...(nextToken ? { nextToken } : {}) });
    for (const job of page.jobs) {
      seen += 1;
      if (!job.trackingReadyAt || job.confirmedAt) continue;
      try {
        if ((await confirmJob(deps, job)) === 'confirmed') confirmed.push(job.jobId);
      } catch (error) {
        // One job that cannot be confirmed yet must not hold up the others.
        if ((error as { code?: string }).code !== 'BatchJobNotReady') throw error;
        pending.push(job.jobId);
      }
    }
    nextToken = page.nextToken;
  } while (nextToken && seen < (options.maxJobs ?? 1000));
  return { confirmed, pending };
}
