/**
 * Use case: a job was created. Register every object of its manifest, then say the job is ready
 * to be tracked (jobs confirms the Batch job on that, so no restore runs untracked). A manifest
 * with bad lines, no objects, or that cannot be read fails the job instead, before anything is
 * confirmed. `JobCreated` arrives at least once: a redelivery counts nothing twice.
 */
import { allSettled } from '@s3-bulk-restore/shared';
import type { JobCreated, JobStatus } from '@s3-bulk-restore/shared';
import { jobDeadline } from './deadline.js';
import type { TrackerDeps } from './deps.js';
import { finishJob } from './finish-job.js';
import { trackingReadyEvent } from './job-events.js';
import type { JobOutcome } from './ports.js';
import { MAX_BAD_LINES, readManifestInto } from './read-manifest.js';
import type { ManifestReading } from './read-manifest.js';

/** What happened to the job. */
export interface RegisterManifestResult {
  status: JobStatus;
  totalObjects: number;
}

/** Register the manifest of a created job (idempotent per job). */
export async function registerManifest(deps: TrackerDeps, job: JobCreated): Promise<RegisterManifestResult> {
  const manifest = { bucket: job.manifest.bucket, key: job.manifest.key, etag: job.manifest.etag, ...(job.manifest.versionId ? { versionId: job.manifest.versionId } : {}) };
  const deadline = jobDeadline(job.createdAt, job.tier, deps.timeoutMarginHours);
  await deps.store.startJob({ jobId: job.jobId, batchJobId: job.batchJobId, createdAt: job.createdAt, manifest, counterShards: deps.counterShards, deadline });
  const before = await deps.store.progress(job.jobId);
  if (before && before.status !== 'Preparing') return republishReady(deps, job.jobId);

  const reading = await readManifestInto(deps, job.jobId, manifest);
  const failure = failureOf(reading, deps.now());
  if (failure) {
    await finishJob(deps, job.jobId, failure);
    deps.log({ level: 'warn', msg: 'manifest refused', jobId: job.jobId, reason: failure.reason });
    return { status: 'Failed', totalObjects: 0 };
  }

  const ready = { totalObjects: reading.registered, manifestLines: reading.objectLines, duplicateLines: reading.duplicates, at: deps.now().toISOString() };
  if (!(await deps.store.markTrackingReady(job.jobId, ready))) return republishReady(deps, job.jobId);
  await deps.bus.publish([trackingReadyEvent(job, ready)]);
  return completeIfSettled(deps, job.jobId);
}

/** Why the manifest fails the job, or undefined when it is good. */
function failureOf(reading: ManifestReading, now: Date): JobOutcome | undefined {
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
