/**
 * Recording object events. The whole call is one IMMEDIATE transaction: each event is appended to
 * the log (a taken key means "already logged"), each object's events fold into one net transition
 * from the state read under the write lock, written in one UPDATE with the expiry and size it
 * carries, and the counters move with it. The log, the states and
 * the counters therefore commit together or not at all, which is what DynamoDB's separate
 * idempotent log put plus a state-conditioned transaction achieve there. As there, an event found
 * already logged is still applied: the transition table makes a replay move nothing.
 */
import { transition } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { Failure, ObjectEvent, RecordOutcome } from '../../app/ports.js';
import { isUniqueViolation } from '@s3-bulk-restore/shared/sqlite';
import { expiredDelta, nextExpiry } from '../../app/expiry.js';
import type { Expiry } from '../../app/expiry.js';
import { bytesDelta, nextSize } from '../../app/sizes.js';
import { failureOfColumns } from './rows.js';
import type { ObjectRow } from './rows.js';

/** `record`, its statements prepared once. */
export function recorder(db: SqliteDatabase) {
  const objectRow = db.prepare('SELECT * FROM tracker_objects WHERE bucket = @bucket AND object_key = @key AND job_id = @jobId AND version_id = @versionId');
  const append = db.prepare(`INSERT INTO tracker_event_log (job_id, event_id, shard, event_type, bucket, object_key, version_id, tracked_version_id, source, at,
    failure_code, failure_message, failure_line, expires_at, size) VALUES (@jobId, @eventId, @shard, @type, @bucket, @key, @versionId, @trackedVersionId, @source, @at, @code, @message, @line, @expiresAt, @size)`);
  // One write per object whatever changed (state, failure, restore expiry, size), conditioned on the state read.
  const update = db.prepare(`UPDATE tracker_objects SET state = @to, failure_code = @code, failure_message = @message, failure_line = @line,
    expires_at = @expiresAt, expired_at = @expiredAt, size = @size
    WHERE bucket = @bucket AND object_key = @key AND job_id = @jobId AND version_id = @versionId AND state = @from`);
  const addExpired = db.prepare('UPDATE tracker_jobs SET expired = expired + ? WHERE job_id = ?');
  const addDelta = db.prepare(`INSERT INTO tracker_counters (job_id, state, delta, bytes) VALUES (@jobId, @state, @delta, @bytes)
    ON CONFLICT (job_id, state) DO UPDATE SET delta = delta + excluded.delta, bytes = bytes + excluded.bytes`);

  /** Append one event; false when it was in the log already. */
  function logOnce(event: ObjectEvent, shard: number): boolean {
    const { bucket, key, versionId } = event.object;
    try {
      append.run({ jobId: event.jobId, eventId: event.eventId, shard, type: event.type, bucket, key, versionId: versionId ?? null, trackedVersionId: event.tracked.versionId ?? null, source: event.source, at: event.at, ...failureColumns(event.failure), expiresAt: event.expiresAt ?? null, size: event.size ?? null });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  const record = db.transaction((events: ObjectEvent[]): RecordOutcome => {
    const outcome: RecordOutcome = { transitions: [], logged: 0, duplicates: 0 };
    const deltas = new Map<string, { jobId: string; state: ObjectState; delta: number; bytes: number }>();
    const expired = new Map<string, number>();
    const count = (jobId: string, state: ObjectState, by: number, bytes = 0) => {
      const entry = deltas.get(`${jobId}\0${state}`) ?? { jobId, state, delta: 0, bytes: 0 };
      entry.delta += by;
      entry.bytes += bytes;
      deltas.set(`${jobId}\0${state}`, entry);
    };
    for (const group of groupByItem(events)) {
      const row = objectRow.get(group.key) as ObjectRow | undefined;
      // An event for an object the job does not track has nothing to apply to: neither logged nor applied.
      if (!row) continue;
      for (const event of group.events) {
        if (logOnce(event, row.shard)) outcome.logged += 1;
        else outcome.duplicates += 1;
      }
      const plan = planFor(group.events, row);
      const to = plan?.to ?? row.state;
      const failure = plan ? plan.failure : failureOfColumns(row.failure_code, row.failure_message, row.failure_line);
      const expiryBefore: Expiry = { ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}), ...(row.expired_at !== null ? { expiredAt: row.expired_at } : {}) };
      const expiry = nextExpiry(to, expiryBefore, group.events);
      const sizeBefore = row.size ?? undefined;
      const size = nextSize(sizeBefore, group.events);
      if (!plan && expiry.expiresAt === expiryBefore.expiresAt && expiry.expiredAt === expiryBefore.expiredAt && size === sizeBefore) continue;
      // The state condition cannot fail under the write lock; it is kept as the guarantee, not the hope.
      const written = update.run({ ...group.key, from: row.state, to, ...failureColumns(failure), expiresAt: expiry.expiresAt ?? null, expiredAt: expiry.expiredAt ?? null, size: size ?? null });
      if (written.changes === 0) continue;
      for (const [state, bytes] of Object.entries(bytesDelta(row.state, sizeBefore, to, size))) count(row.job_id, state as ObjectState, 0, bytes);
      expired.set(row.job_id, (expired.get(row.job_id) ?? 0) + expiredDelta(expiryBefore, expiry));
      if (!plan) continue;
      count(row.job_id, row.state, -1);
      count(row.job_id, plan.to, 1);
      outcome.transitions.push({ jobId: row.job_id, objectId: row.object_id, from: row.state, to: plan.to, shard: row.shard });
    }
    for (const entry of deltas.values()) if (entry.delta !== 0 || entry.bytes !== 0) addDelta.run(entry);
    for (const [jobId, delta] of expired) if (delta !== 0) addExpired.run(delta, jobId);
    return outcome;
  });

  return (events: ObjectEvent[]) => record.immediate(events);
}

interface ItemEvents {
  key: { bucket: string; key: string; jobId: string; versionId: string };
  events: ObjectEvent[];
}

function groupByItem(events: ObjectEvent[]): ItemEvents[] {
  const groups = new Map<string, ItemEvents>();
  for (const event of events) {
    const key = { bucket: event.tracked.bucket, key: event.tracked.key, jobId: event.jobId, versionId: event.tracked.versionId ?? '' };
    const id = [key.jobId, key.bucket, key.key, key.versionId].join('\0');
    const group = groups.get(id) ?? { key, events: [] };
    group.events.push(event);
    groups.set(id, group);
  }
  // Apply in the order the facts happened (the transition table makes most orders end the same way anyway).
  for (const group of groups.values()) group.events.sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
  return [...groups.values()];
}

/** The net transition the events cause from the row's state (and the failure it ends with), or undefined. */
function planFor(events: ObjectEvent[], row: ObjectRow): { to: ObjectState; failure?: Failure } | undefined {
  let state = row.state;
  let failure = failureOfColumns(row.failure_code, row.failure_message, row.failure_line);
  for (const event of events) {
    const next = transition(state, event.type);
    if (next === undefined) continue;
    state = next;
    if (next === 'failed') failure = event.failure ?? { code: 'Unknown', message: `${event.type} from ${event.source}` };
  }
  if (state === row.state) return undefined;
  return { to: state, ...(state === 'failed' && failure ? { failure } : {}) };
}

function failureColumns(failure: Failure | undefined) {
  return { code: failure?.code ?? null, message: failure?.message ?? null, line: failure?.line ?? null };
}
