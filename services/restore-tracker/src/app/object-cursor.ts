/**
 * The cursor of `TrackerStore.listObjects`, the same envelope for every store: base64url of JSON
 * naming the job and the state filter it was issued for (so it cannot be replayed against another
 * listing) and the position of the last object returned, in the store's own terms (DynamoDB: the
 * index key; SQLite and memory: state and object id). Callers see an opaque string; a tampered
 * cursor can only move the position within the same job's listing, never reach other data.
 */
import { OBJECT_STATES, ValidationError } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';

/** What a cursor was issued for. */
export interface CursorScope {
  jobId: string;
  state?: ObjectState;
}

interface Envelope {
  v: 1;
  job: string;
  state: ObjectState | null;
  after: Record<string, unknown>;
}

/** A cursor continuing after `position` in the listing `scope` names. */
export function encodeObjectCursor(scope: CursorScope, position: object): string {
  const envelope: Envelope = { v: 1, job: scope.jobId, state: scope.state ?? null, after: { ...position } };
  return Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64url');
}

/**
 * The position a cursor continues after.
 *
 * @param isPosition checks the position is one the store could have written for `scope`
 * @throws ValidationError `InvalidNextToken` (field `next_token`) for anything this store did not
 *   issue, or a cursor issued for another job or state filter
 */
export function decodeObjectCursor<P>(cursor: string, scope: CursorScope, isPosition: (value: Record<string, unknown>) => value is Record<string, unknown> & P): P {
  const invalid = (why: string) => new ValidationError('InvalidNextToken', `next_token is not valid: ${why}`, { field: 'next_token' });
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a token this API issued');
  }
  if (!isEnvelope(envelope)) throw invalid('it is not a token this API issued');
  if (envelope.job !== scope.jobId) throw invalid('it was issued for another job');
  if ((envelope.state ?? undefined) !== scope.state) throw invalid('it was issued for another state filter');
  if (!isPosition(envelope.after)) throw invalid('it is not a token this API issued');
  return envelope.after;
}

/** A position by state, then object id (`objectId(ref)`): how the SQLite store and the in-memory fake order a listing. */
export interface StatePosition {
  state: ObjectState;
  objectId: string;
}

/** The check of a {@link StatePosition} for `scope`: a known state (the filtered one, if any) and an object id. */
export function statePositionIn(scope: CursorScope) {
  return (value: Record<string, unknown>): value is Record<string, unknown> & StatePosition =>
    (OBJECT_STATES as readonly unknown[]).includes(value['state']) &&
    (scope.state === undefined || value['state'] === scope.state) &&
    typeof value['objectId'] === 'string' &&
    /^[0-9a-f]{40}$/.test(value['objectId']);
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const after = e['after'];
  return e['v'] === 1 && typeof e['job'] === 'string' && (e['state'] === null || typeof e['state'] === 'string') && typeof after === 'object' && after !== null && !Array.isArray(after);
}
