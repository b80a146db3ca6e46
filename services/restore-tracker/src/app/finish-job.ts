/**
 * Ending a job: the store's conditional write decides the one winner, and only the winner
 * publishes `JobFinished`, so concurrent batches announce a job once. If the winner dies between
 * its write and its publish, the job stays in the active index unconfirmed and the poller
 * publishes it ({@link announceFinished}).
 */
import type { TrackerDeps } from './deps.js';
import { finishedEvent } from './job-events.js';
import type { JobOutcome } from './ports.js';

/** End `jobId` with `outcome`; true when this call ended it (and published `JobFinished`). */
export async function finishJob(deps: Pick<TrackerDeps, 'store' | 'bus'>, jobId: string, outcome: JobOutcome): Promise<boolean> {
  const won = await deps.store.finish(jobId, outcome);
  if (won) await announceFinished(deps, jobId);
  return won;
}

/** Publish the stored outcome of a terminal job as `JobFinished`, then take it off the active index. */
export async function announceFinished(deps: Pick<TrackerDeps, 'store' | 'bus'>, jobId: string): Promise<void> {
  const job = await deps.store.progress(jobId);
  // Already confirmed published (a stale index entry, or an overlapping poll): publishing again
  // would make a second JobFinished.
  if (!job?.outcome || job.finishPublished) return;
  await deps.bus.publish([finishedEvent(job)]);
  await deps.store.confirmFinishPublished(jobId);
}
