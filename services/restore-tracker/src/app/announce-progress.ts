/**
 * After a batch moved a job's counters: the job completes when every object is settled
 * (one `JobFinished`, guarded by the store's conditional finish), otherwise one `JobProgressed`
 * for the batch. Jobs still `Preparing` (totals unknown) or already ended announce nothing.
 */
import { allSettled, progressPercent } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import { finishJob } from './finish-job.js';
import { progressedEvent } from './job-events.js';

/** What `announceProgress` published for the job. */
export type Announcement = 'finished' | 'progressed' | 'none';

/**
 * Announce one job after a batch: finish it when everything is settled, else one `JobProgressed`
 * — when this batch moved its counters (`moved`), or when a redelivery finds progress an earlier,
 * partly committed attempt never announced; a redelivery also gets to finish a job whose earlier
 * attempt died before announcing.
 */
export async function announceProgress(deps: TrackerDeps, jobId: string, moved = true): Promise<Announcement> {
  const job = await deps.store.progress(jobId);
  if (!job || job.status !== 'Restoring') return 'none';
  const now = deps.now();
  if (allSettled(job.counts, job.totalObjects)) {
    return (await finishJob(deps, jobId, { status: 'Complete', at: now.toISOString() })) ? 'finished' : 'none';
  }
  const percent = progressPercent(job.counts, job.totalObjects, 'Restoring', job.publishedPercent);
  // A redelivery that moved nothing now still publishes progress an earlier, partly committed
  // attempt made but never announced.
  if (!moved && percent <= job.publishedPercent) return 'none';
  // A concurrent batch that already published a higher percent has newer counts: ours would step back.
  if (!(await deps.store.advancePublishedPercent(jobId, percent))) return 'none';
  await deps.bus.publish([progressedEvent(job, percent, now)]);
  return 'progressed';
}
