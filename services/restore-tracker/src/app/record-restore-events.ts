/**
 * Use case: a batch of S3 restore events from the tracker's queue. Each event is matched to the
 * jobs waiting on its object, logged once per job and applied; then each job whose counters moved
 * is announced once for the batch. Failures are reported per message, so SQS redelivers only
 * those (and sends them to the DLQ after maxReceiveCount); redelivery is harmless because logging
 * and transitions are idempotent.
 */
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import { announceProgress } from './announce-progress.js';
import type { TrackerDeps } from './deps.js';
import { errorFields } from './log.js';
import { mapBounded } from './pool.js';
import type { ObjectEvent, TrackedObject } from './ports.js';
import { parseRestoreEvent, restoreEventId } from './restore-events.js';
import type { RestoreFact } from './restore-events.js';

/** One queue message. */
export interface QueueMessage {
  messageId: string;
  body: string;
}

/** What one batch did; `failedMessageIds` go back to the queue. */
export interface RecordRestoreEventsResult {
  /** Messages to hand back to the queue (partial batch failure). */
  failedMessageIds: string[];
  /** Well-formed events about objects no job waits on (dropped, not logged). */
  ignored: number;
  transitions: number;
  duplicates: number;
  progressed: number;
  finished: number;
}

const ANNOUNCE_CONCURRENCY = 8;

/** Record a batch of restore events; never throws for one message's fault (it is reported as failed). */
export async function recordRestoreEvents(deps: TrackerDeps, messages: QueueMessage[]): Promise<RecordRestoreEventsResult> {
  const result: RecordRestoreEventsResult = { failedMessageIds: [], ignored: 0, transitions: 0, duplicates: 0, progressed: 0, finished: 0 };
  const failed = new Set<string>();
  const fail = (ids: Iterable<string>, error: unknown, msg: string): void => {
    for (const id of ids) failed.add(id);
    deps.log({ level: 'error', msg, error: errorFields(error) });
  };
  const facts = parseAll(deps, messages, failed);
  const events = await matchJobs(deps, facts).catch((error: unknown) => {
    fail(facts.map((f) => f.messageId), error, 'finding the jobs waiting on objects failed');
    return [];
  });
  const matched = new Set(events.map((e) => e.messageId));
  result.ignored = facts.filter((f) => !matched.has(f.messageId) && !failed.has(f.messageId)).length;
  if (events.length === 0) return withFailures(result, failed);

  let touched: string[];
  let moved: Set<string>;
  try {
    const outcome = await deps.store.record(events.map((e) => e.event));
    result.transitions = outcome.transitions.length;
    result.duplicates = outcome.duplicates;
    // Every job this batch touched gets the completion check, not only those whose counters moved
    // now: a redelivered batch whose first attempt applied the transitions but died before
    // announcing must still complete its job (the finish is conditional: exactly once).
    touched = [...new Set(events.map((e) => e.event.jobId))];
    moved = new Set(outcome.transitions.map((t) => t.jobId));
  } catch (error) {
    fail(events.map((e) => e.messageId), error, 'recording restore events failed');
    return withFailures(result, failed);
  }
  await mapBounded(touched, ANNOUNCE_CONCURRENCY, async (jobId) => {
    try {
      const announced = await announceProgress(deps, jobId, moved.has(jobId));
      if (announced === 'progressed') result.progressed += 1;
      if (announced === 'finished') result.finished += 1;
    } catch (error) {
      fail(events.filter((e) => e.event.jobId === jobId).map((e) => e.messageId), error, `announcing job ${jobId} failed`);
    }
  });
  return withFailures(result, failed);
}

interface ParsedFact extends RestoreFact {
  messageId: string;
}

/** Parse every body; a malformed one is a failed message with a log line saying where it is wrong. */
function parseAll(deps: TrackerDeps, messages: QueueMessage[], failed: Set<string>): ParsedFact[] {
  const facts: ParsedFact[] = [];
  for (const message of messages) {
    try {
      facts.push({ ...parseRestoreEvent(message.body), messageId: message.messageId });
    } catch (error) {
      failed.add(message.messageId);
      deps.log({ level: 'error', msg: 'malformed restore event', messageId: message.messageId, error: errorFields(error) });
    }
  }
  return facts;
}

/** One object event per fact × waiting job. */
async function matchJobs(deps: TrackerDeps, facts: ParsedFact[]): Promise<Array<{ messageId: string; event: ObjectEvent }>> {
  if (facts.length === 0) return [];
  const refs = new Map<string, ObjectRef>(facts.map((f) => [objectId(f.ref), f.ref]));
  const waiting = await deps.store.findWaiting([...refs.values()]);
  return facts.flatMap((fact) =>
    (waiting.get(objectId(fact.ref)) ?? []).map((tracked: TrackedObject) => ({
      messageId: fact.messageId,
      event: {
        jobId: tracked.jobId,
        object: fact.ref,
        tracked: tracked.ref,
        type: fact.type,
        eventId: restoreEventId(tracked.jobId, fact),
        at: fact.time,
        source: 's3' as const,
        ...(fact.type === 'RestoreCompleted' && fact.restoreExpiryTime ? { expiresAt: fact.restoreExpiryTime } : {}),
        ...(fact.size === undefined ? {} : { size: fact.size }),
      },
    })),
  );
}

function withFailures(result: RecordRestoreEventsResult, failed: Set<string>): RecordRestoreEventsResult {
  result.failedMessageIds = [...failed];
  return result;
}
