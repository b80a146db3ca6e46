/**
 * The tracker's events on the bus, built from the store's view of a job and checked against
 * their contracts before they leave (a bug here must not put an invalid event on the bus).
 */
import { SOURCES, DETAIL_TYPES, contracts, progressPercent } from '@s3-bulk-restore/shared';
import type { BusEventInput, ManifestRangeRequested } from '@s3-bulk-restore/shared';
import type { JobProgress, TrackingReady } from './ports.js';

/** `JobTrackingReady`: every manifest line is registered (jobs confirms the Batch job on it). */
export function trackingReadyEvent(job: { jobId: string; batchJobId: string }, ready: TrackingReady): BusEventInput {
  const detail = contracts.jobTrackingReady.parse({
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    totalObjects: ready.totalObjects,
    manifestLines: ready.manifestLines,
    duplicateLines: ready.duplicateLines,
    readyAt: ready.at,
  });
  return { source: SOURCES.tracker, detailType: DETAIL_TYPES.jobTrackingReady, detail, time: new Date(ready.at) };
}

/** `ManifestRangeRequested`: one range of a fanned-out registration, for the tracker itself. */
export function manifestRangeRequestedEvent(request: ManifestRangeRequested): BusEventInput {
  const detail = contracts.manifestRangeRequested.parse(request);
  return { source: SOURCES.tracker, detailType: DETAIL_TYPES.manifestRangeRequested, detail };
}

/** `JobProgressed` for a job still `Restoring`, with the percent about to be published. */
export function progressedEvent(job: JobProgress, percent: number, at: Date): BusEventInput {
  const detail = contracts.jobProgressed.parse({
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    status: job.status,
    totalObjects: job.totalObjects,
    counts: job.counts,
    bytes: job.bytes,
    progressPercent: percent,
    at: at.toISOString(),
  });
  return { source: SOURCES.tracker, detailType: DETAIL_TYPES.jobProgressed, detail, time: at };
}

/** `JobFinished` for a terminal job, from its stored outcome. */
export function finishedEvent(job: JobProgress): BusEventInput {
  const outcome = job.outcome;
  if (!outcome) throw new Error(`job ${job.jobId} has no outcome to announce`);
  const detail = contracts.jobFinished.parse({
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    status: outcome.status,
    totalObjects: job.totalObjects,
    counts: job.counts,
    bytes: job.bytes,
    progressPercent: progressPercent(job.counts, job.totalObjects, outcome.status, job.publishedPercent),
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    ...(outcome.failures === undefined ? {} : { failures: outcome.failures }),
    at: outcome.at,
  });
  return { source: SOURCES.tracker, detailType: DETAIL_TYPES.jobFinished, detail, time: new Date(outcome.at) };
}
