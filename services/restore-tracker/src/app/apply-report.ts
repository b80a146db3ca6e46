/**
 * Use case step (the poller, once a Batch job has ended): the tasks its completion report lists as
 * failed are objects no S3 restore event will ever settle. Each becomes an object event with
 * source `report`, matched to the job's tracked objects the way restore events are, and recorded
 * in chunks. Event ids are deterministic (job × object × `report`), so reading the same report
 * again — the poller died before it recorded the Batch status — logs and counts nothing twice.
 */
import { createHash } from 'node:crypto';
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectEventType, ObjectRef } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import type { ObjectEvent, ReportLocation, ReportedTask } from './ports.js';

/** Failed tasks per `findWaiting` + `record` round. */
export const REPORT_CHUNK = 100;

/** What applying a report did. */
export interface ReportApplied {
  /** Failed tasks the report lists. */
  tasks: number;
  /** Of those, tasks naming no object of this job (logged: a key read differently would show here). */
  unmatched: number;
  /** Object transitions the events caused (0 when an earlier reading already applied them). */
  transitions: number;
  duplicates: number;
}

/** Codes of a restore refused because the object is not archived: it is readable as it is. */
const NOT_ARCHIVED = new Set(['InvalidObjectState', 'ObjectAlreadyInActiveTierError']);
/** A restore of the object is already running (another request's): its "Object Restore Completed" will settle it. */
const ALREADY_RESTORING = 'RestoreAlreadyInProgress';
const MESSAGE_CHARS = 1024;

/**
 * Record the failed tasks of `batchJobId`'s report for `jobId`.
 *
 * @throws DependencyError `ReportNotFound` / `ReportMalformed` from the report port; store errors as they are
 */
export async function applyCompletionReport(
  deps: Pick<TrackerDeps, 'store' | 'reports' | 'now'>,
  job: { jobId: string; batchJobId: string },
  report: ReportLocation,
): Promise<ReportApplied> {
  const applied: ReportApplied = { tasks: 0, unmatched: 0, transitions: 0, duplicates: 0 };
  const at = deps.now().toISOString();
  let chunk: ReportedTask[] = [];
  const flush = async (): Promise<void> => {
    const tasks = chunk;
    chunk = [];
    const { events, unmatched } = await matchTasks(deps, job, tasks, at);
    applied.unmatched += unmatched;
    if (events.length === 0) return;
    const outcome = await deps.store.record(events);
    applied.transitions += outcome.transitions.length;
    applied.duplicates += outcome.duplicates;
  };
  for await (const task of deps.reports.failedTasks(job.batchJobId, report)) {
    applied.tasks += 1;
    chunk.push(task);
    if (chunk.length >= REPORT_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return applied;
}

/** One event per task whose object this job tracks, and how many tasks named none. */
async function matchTasks(
  deps: Pick<TrackerDeps, 'store'>,
  job: { jobId: string; batchJobId: string },
  tasks: ReportedTask[],
  at: string,
): Promise<{ events: ObjectEvent[]; unmatched: number }> {
  const named = tasks.map((task) => {
    const ref: ObjectRef = { bucket: task.bucket, key: task.key, ...(task.versionId ? { versionId: task.versionId } : {}) };
    return { task, ref, id: objectId(ref) };
  });
  const waiting = await deps.store.findWaiting([...new Map(named.map((n) => [n.id, n.ref])).values()]);
  const events: ObjectEvent[] = [];
  let unmatched = 0;
  for (const { task, ref, id } of named) {
    // Other jobs waiting on the same object learn about it from their own Batch job's report.
    const mine = (waiting.get(id) ?? []).filter((tracked) => tracked.jobId === job.jobId);
    if (mine.length === 0) unmatched += 1;
    for (const tracked of mine) {
      events.push({
        jobId: job.jobId,
        object: ref,
        tracked: tracked.ref,
        type: eventTypeOf(task.errorCode),
        eventId: reportEventId(job, ref),
        at,
        source: 'report',
        failure: { code: task.errorCode, message: task.message.slice(0, MESSAGE_CHARS) },
      });
    }
  }
  return { events, unmatched };
}

/**
 * What a failed restore task says about its object: not archived → `ObjectAvailable` (the code
 * stays in the log, so "not archived" can be told apart later); a restore already running →
 * `RestoreInitiated`; anything else (`NoSuchKey`, a refused request…) → `ObjectFailed`.
 */
export function eventTypeOf(errorCode: string): ObjectEventType {
  if (NOT_ARCHIVED.has(errorCode)) return 'ObjectAvailable';
  if (errorCode === ALREADY_RESTORING) return 'RestoreInitiated';
  return 'ObjectFailed';
}

/** Deterministic: the same task of the same report gives the same id, however often it is read. */
function reportEventId(job: { jobId: string; batchJobId: string }, ref: ObjectRef): string {
  const parts = [job.jobId, 'report', job.batchJobId, ref.bucket, ref.key, ref.versionId ?? ''];
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}
