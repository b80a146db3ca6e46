/**
 * Use case: a job was created. Register every object of its manifest, then say the job is ready
 * to be tracked (jobs confirms the Batch job on that, so no restore runs untracked). A manifest
 * with bad lines, no objects, or that cannot be read fails the job instead, before anything is
 * confirmed. `JobCreated` arrives at least once: a redelivery counts nothing twice.
 */
import { DependencyError, NotFoundError, allSettled, planManifestRanges } from '@s3-bulk-restore/shared';
import type { JobCreated, JobStatus, ManifestRangePlan, ManifestRangeRequested } from '@s3-bulk-restore/shared';
import { jobDeadline } from './deadline.js';
import type { TrackerDeps } from './deps.js';
import { finishJob } from './finish-job.js';
import { manifestRangeRequestedEvent, trackingReadyEvent } from './job-events.js';
import type { JobOutcome, ManifestLocation, RangeReading } from './ports.js';
import { MAX_BAD_LINES, UNREADABLE, combineReadings, readManifestInto } from './read-manifest.js';

/** What happened to the job. */
export interface RegisterManifestResult {
  status: JobStatus;
  totalObjects: number;
}

/**
 * Register the manifest of a created job (idempotent per job). A manifest bigger than
 * `registrationRangeBytes` is fanned out: split into ranges on line boundaries, one
 * `ManifestRangeRequested` per range, each registered by {@link registerManifestRange} in
 * parallel; the last range in makes the job ready.
 */
export async function registerManifest(deps: TrackerDeps, job: JobCreated): Promise<RegisterManifestResult> {
  const manifest = manifestOf(job);
  const deadline = jobDeadline(job.createdAt, job.tier, deps.timeoutMarginHours);
  await deps.store.startJob({ jobId: job.jobId, batchJobId: job.batchJobId, createdAt: job.createdAt, manifest, counterShards: deps.counterShards, deadline });
  const before = await deps.store.progress(job.jobId);
  if (before && before.status !== 'Preparing') return republishReady(deps, job.jobId);

  if ((job.manifest.size ?? 0) > deps.registrationRangeBytes) {
    const fanned = await fanOut(deps, job, manifest);
    if (fanned) return fanned;
  }
  return finishRegistration(deps, job, await readManifestInto(deps, job.jobId, manifest));
}

/**
 * One range of a fanned-out registration. A range of a job no longer `Preparing` (failed,
 * cancelled, or ready after a redelivery) registers nothing.
 */
export async function registerManifestRange(deps: TrackerDeps, request: ManifestRangeRequested): Promise<RegisterManifestResult> {
  const job = await deps.store.progress(request.jobId);
  if (!job) throw new NotFoundError('JobNotFound', `No tracked job ${request.jobId}`, { jobId: request.jobId });
  if (job.status !== 'Preparing') return { status: job.status, totalObjects: job.totalObjects };
  const { index, count, start, end, firstLine } = request.range;
  const reading = await readManifestInto(deps, request.jobId, manifestOf(request), { start, end, firstLine });
  const readings = await deps.store.completeRange(request.jobId, { index, count }, reading);
  deps.log({ level: 'info', msg: 'manifest range registered', jobId: request.jobId, range: index, of: count, objects: reading.registered, complete: readings !== undefined });
  if (!readings) return { status: 'Preparing', totalObjects: 0 };
  // Two last ranges finishing together both see every reading: markTrackingReady lets one make the
  // job ready; the other publishes the same JobTrackingReady again, as a redelivery would (a
  // publish lost to a crash after markTrackingReady is recovered that way; jobs drops the repeat).
  return finishRegistration(deps, request, combineReadings(readings));
}

function manifestOf(job: { manifest: ManifestRangeRequested['manifest'] }): ManifestLocation {
  const { bucket, key, etag, versionId } = job.manifest;
  return { bucket, key, etag, ...(versionId ? { versionId } : {}) };
}

/**
 * Plan the ranges and publish one request per range; undefined when the manifest is one range
 * after all (then it is read here). A redelivered `JobCreated` plans the same ranges again (same
 * manifest, same ETag): ranges already in keep their first reading.
 */
async function fanOut(deps: TrackerDeps, job: JobCreated, manifest: ManifestLocation): Promise<RegisterManifestResult | undefined> {
  let ranges: ManifestRangePlan[];
  try {
    ranges = await planManifestRanges(deps.manifests.open(manifest), { rangeBytes: deps.registrationRangeBytes });
  } catch (error) {
    if (!(error instanceof DependencyError) || !UNREADABLE.has(error.code)) throw error;
    return finishRegistration(deps, job, { objectLines: 0, registered: 0, duplicates: 0, badLines: [], tooManyBadLines: false, unreadable: { code: error.code, message: error.message } });
  }
  if (ranges.length < 2) return undefined;
  const { bucket, key, etag, versionId } = manifest;
  const requests = ranges.map((range, index) =>
    manifestRangeRequestedEvent({
      schemaVersion: 1,
      jobId: job.jobId,
      batchJobId: job.batchJobId,
      manifest: { bucket, key, etag, ...(versionId ? { versionId } : {}) },
      range: { index, count: ranges.length, ...range },
    }),
  );
  await deps.bus.publish(requests);
  deps.log({ level: 'info', msg: 'manifest fanned out', jobId: job.jobId, ranges: ranges.length, bytes: job.manifest.size });
  return { status: 'Preparing', totalObjects: 0 };
}

/** The whole manifest is read: fail the job on a bad manifest, else make it ready (exactly once) and tell jobs. */
async function finishRegistration(deps: TrackerDeps, job: { jobId: string; batchJobId: string }, reading: RangeReading): Promise<RegisterManifestResult> {
  const failure = failureOf(reading, deps.now());
  if (failure) {
    if (await finishJob(deps, job.jobId, failure)) deps.log({ level: 'warn', msg: 'manifest refused', jobId: job.jobId, reason: failure.reason });
    return { status: 'Failed', totalObjects: 0 };
  }

  const ready = { totalObjects: reading.registered, manifestLines: reading.objectLines, duplicateLines: reading.duplicates, at: deps.now().toISOString() };
  if (!(await deps.store.markTrackingReady(job.jobId, ready))) return republishReady(deps, job.jobId);
  await deps.bus.publish([trackingReadyEvent(job, ready)]);
  return completeIfSettled(deps, job.jobId);
}

/** Why the manifest fails the job, or undefined when it is good. */
function failureOf(reading: RangeReading, now: Date): JobOutcome | undefined {
  const at = now.toISOString();
  if (reading.unreadable) {
    const { code, message } = reading.unreadable;
    return { status: 'Failed', reason: message.slice(0, 1024), failures: [{ code, message: message.slice(0, 1024) }], at };
  }
  if (reading.badLines.length > 0) {
    const count = reading.tooManyBadLines ? `more than ${MAX_BAD_LINES}` : String(reading.badLines.length);
    return { status: 'Failed', reason: `The manifest has ${count} bad line${reading.badLines.length === 1 ? '' : 's'}`, failures: reading.badLines, at };
  }
  if (reading.objectLines === 0) {
    const message = 'The manifest names no objects';
    return { status: 'Failed', reason: message, failures: [{ code: 'EmptyManifest', message }], at };
  }
  return undefined;
}

/**
 * A redelivered `JobCreated` for a job past `Preparing`: publish `JobTrackingReady` again if the
 * job got that far (the first publish may have been lost); a failed or cancelled job gets
 * nothing (its Batch job must never be confirmed).
 */
async function republishReady(deps: TrackerDeps, jobId: string): Promise<RegisterManifestResult> {
  const job = await deps.store.progress(jobId);
  if (!job) throw new Error(`job ${jobId} vanished`);
  if (job.ready && (job.status === 'Restoring' || job.status === 'Complete')) {
    await deps.bus.publish([trackingReadyEvent(job, job.ready)]);
  }
  return { status: job.status, totalObjects: job.totalObjects };
}

/**
 * Objects this job shares with another job may have settled while it was still `Preparing`;
 * when all have, no restore event will come to finish it, so finish it now.
 */
async function completeIfSettled(deps: TrackerDeps, jobId: string): Promise<RegisterManifestResult> {
  const job = await deps.store.progress(jobId);
  if (!job) throw new Error(`job ${jobId} vanished`);
  if (job.status === 'Restoring' && allSettled(job.counts, job.totalObjects)) {
    await finishJob(deps, jobId, { status: 'Complete', at: deps.now().toISOString() });
    return { status: 'Complete', totalObjects: job.totalObjects };
  }
  return { status: job.status, totalObjects: job.totalObjects };
}
