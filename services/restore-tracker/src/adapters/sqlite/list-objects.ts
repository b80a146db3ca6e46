/**
 * A job's objects along `tracker_objects_by_state` (job, state, line): ordered by state, then
 * manifest line (unique within a job), keyset-paged (the next page starts strictly after the last row returned), so a
 * page costs the same wherever it is in the listing. Read in one snapshot.
 */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { OBJECT_STATES } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import { decodeObjectCursor, encodeObjectCursor } from '../../app/object-cursor.js';
import type { CursorScope } from '../../app/object-cursor.js';
import type { ObjectsPage, ObjectsQuery } from '../../app/ports.js';
import { trackedOf } from './rows.js';
import type { ObjectRow } from './rows.js';

/** `listObjects`, its statements prepared once. */
export function objectListing(db: SqliteDatabase) {
  const select = 'SELECT * FROM tracker_objects WHERE job_id = @jobId';
  const all = {
    first: db.prepare(`${select} ORDER BY state, line LIMIT @limit`),
    next: db.prepare(`${select} AND (state, line) > (@state, @line) ORDER BY state, line LIMIT @limit`),
  };
  const inState = {
    first: db.prepare(`${select} AND state = @state ORDER BY line LIMIT @limit`),
    next: db.prepare(`${select} AND state = @state AND line > @line ORDER BY line LIMIT @limit`),
  };

  return (jobId: string, query: ObjectsQuery): ObjectsPage => {
    const scope: CursorScope = query.state === undefined ? { jobId } : { jobId, state: query.state };
    const after = query.cursor === undefined ? undefined : decodeObjectCursor(query.cursor, scope, linePositionIn(scope));
    const statements = query.state === undefined ? all : inState;
    // One row more than asked says whether another page follows.
    const params = { jobId, limit: query.limit + 1, ...(query.state === undefined ? {} : { state: query.state }) };
    const rows = (after ? statements.next.all({ ...params, ...after }) : statements.first.all(params)) as ObjectRow[];
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      objects: page.map(trackedOf),
      ...(rows.length > query.limit && last ? { cursor: encodeObjectCursor(scope, { state: last.state, line: last.line }) } : {}),
    };
  };
}

/** A position by state, then manifest line: how this store orders a listing. */
interface LinePosition {
  state: ObjectState;
  line: number;
}

function linePositionIn(scope: CursorScope) {
  return (value: Record<string, unknown>): value is Record<string, unknown> & LinePosition =>
    (OBJECT_STATES as readonly unknown[]).includes(value['state']) &&
    (scope.state === undefined || value['state'] === scope.state) &&
    Number.isSafeInteger(value['line']) &&
    (value['line'] as number) >= 1;
}
