/**
 * Use case (scheduled): the reconciliation sweep. For each job that has been restoring for a
 * while, the objects not settled yet are looked at in S3 (ListObjectsV2 with `RestoreStatus`,
 * HeadObject where a listing cannot tell), and what S3 shows is recorded like any other event,
 * with source `sweep`: a restore whose Completed event was lost, an object that was readable all
 * along, a key that does not exist once the Batch job is done. Event ids are deterministic, so a
 * sweep that runs twice (or overlaps an S3 event) logs and counts nothing twice. Against S3 where
 * no event reaches the tracker (the local runner with `--aws`), this is how jobs finish.
 */
import { createHash } from 'node:crypto';
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectEventType, ObjectState } from '@s3-bulk-restore/shared';
import { announceProgress } from './announce-progress.js';
import type { TrackerDeps } from './deps.js';
import { errorFields } from './log.js';
import type { ActiveJob, ObjectEvent, ObjectObservation, TrackedObject } from './ports.js';

export interface SweepOptions {
  /** Jobs tracked for less than this long are left to their events (default 0). */
  minAgeMs?: number;
  /** Objects looked up per round (default 1,000: one ListObjectsV2 page). */
  pageSize?: number;
}

export interface SweepResult {
  jobs: number;
  /** Unsettled objects looked up. */
  objects: number;
  /** Events recorded (new to the log). */
  recorded: number;
  transitions: number;
  finished: number;
  errors: number;
}

const UNSETTLED: readonly ObjectState[] = ['registered', 'requested', 'restoring'];

/** Sweep every restoring job once; one job's failure is logged and counted, not thrown. */
export async function sweepJobs(deps: TrackerDeps, options: SweepOptions = {}): Promise<SweepResult> {
  const result: SweepResult = { jobs: 0, objects: 0, recorded: 0, transitions: 0, finished: 0, errors: 0 };
  const now = deps.now().getTime();
  let cursor: string | undefined;
  do {
    const page = await deps.store.activeJobs({ limit: 50, ...(cursor ? { cursor } : {}) });
    for (const job of page.jobs) {
      if (job.status !== 'Restoring' || now - Date.parse(job.createdAt) < (options.minAgeMs ?? 0)) continue;
      result.jobs += 1;
      try {
        await sweepJob(deps, job, options.pageSize ?? 1000, result);
      } catch (error) {
        result.errors += 1;
        deps.log({ level: 'error', msg: 'sweeping a job failed', jobId: job.jobId, error: errorFields(error) });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result;
}

async function sweepJob(deps: TrackerDeps, job: ActiveJob, pageSize: number, result: SweepResult): Promise<void> {
  const at = deps.now().toISOString();
  let moved = false;
  for (const state of UNSETTLED) {
    let cursor: string | undefined;
    do {
      // Keyset pages: objects this round moves out of `state` do not shift the next page.
      const page = await deps.store.listObjects(job.jobId, { state, limit: pageSize, ...(cursor ? { cursor } : {}) });
      cursor = page.cursor;
      if (page.objects.length === 0) break;
      result.objects += page.objects.length;
      const seen = await deps.observer.observe(page.objects.map((o) => o.ref));
      const events = page.objects.flatMap((object) => {
        const observation = seen.get(objectId(object.ref));
        const event = observation && eventOf(job, object, observation, at);
        return event ? [event] : [];
      });
      if (events.length === 0) continue;
      const outcome = await deps.store.record(events);
      result.recorded += outcome.logged;
      result.transitions += outcome.transitions.length;
      if (outcome.transitions.length > 0) moved = true;
    } while (cursor);
  }
  if ((await announceProgress(deps, job.jobId, moved)) === 'finished') result.finished += 1;
}

/** The event an observation is evidence of, or none (still archived, not restored yet). */
function eventOf(job: ActiveJob, object: TrackedObject, observation: ObjectObservation, at: string): ObjectEvent | undefined {
  let type: ObjectEventType;
  let failure: ObjectEvent['failure'];
  switch (observation.kind) {
    case 'restored':
      type = 'RestoreCompleted';
      break;
    case 'restoring':
      if (object.state === 'restoring') return undefined;
      type = 'RestoreInitiated';
      break;
    case 'readable':
      type = 'ObjectAvailable';
      break;
    case 'missing':
      // While the Batch job runs, its report will say why; once it is done, the key is gone.
      if (job.batchStatus !== 'Complete') return undefined;
      type = 'ObjectFailed';
      failure = { code: 'NoSuchKey', message: 'The reconciliation sweep found no object under this key' };
      break;
    case 'archived':
      return undefined;
  }
  return {
    jobId: job.jobId,
    object: object.ref,
    tracked: object.ref,
    type,
    eventId: sweepEventId(job.jobId, objectId(object.ref), type, observation.kind === 'restored' ? observation.expiresAt : undefined),
    at,
    source: 'sweep',
    ...(failure ? { failure } : {}),
    ...(observation.kind === 'restored' && observation.expiresAt ? { expiresAt: observation.expiresAt } : {}),
    ...('size' in observation && observation.size !== undefined ? { size: observation.size } : {}),
  };
}

/** Deterministic: the same observation swept twice is one log entry. A later restore (another expiry) is another. */
function sweepEventId(jobId: string, object: string, type: ObjectEventType, expiresAt: string | undefined): string {
  return `sweep-${createHash('sha256').update(`${jobId}\0${object}\0${type}\0${expiresAt ?? ''}`).digest('hex').slice(0, 40)}`;
}
