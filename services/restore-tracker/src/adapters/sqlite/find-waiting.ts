/**
 * The jobs waiting on objects: one primary-key range per distinct bucket + key (every job and
 * version of an object are adjacent, as in the ObjectsTable's partition), read in one snapshot.
 */
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { TrackedObject } from '../../app/ports.js';
import { trackedOf } from './rows.js';
import type { ObjectRow } from './rows.js';

/** `findWaiting`, its statement prepared once. */
export function findWaiting(db: SqliteDatabase) {
  // Without a version id ('') the job waits on whatever version gets restored; with one, on that version only.
  const waiting = db.prepare(`SELECT * FROM tracker_objects WHERE bucket = @bucket AND object_key = @key AND version_id IN ('', @versionId)`);

  const find = db.transaction((refs: ObjectRef[]): Map<string, TrackedObject[]> => {
    const found = new Map<string, TrackedObject[]>();
    for (const ref of refs) {
      const id = objectId(ref);
      if (found.has(id)) continue;
      const rows = waiting.all({ bucket: ref.bucket, key: ref.key, versionId: ref.versionId ?? '' }) as ObjectRow[];
      if (rows.length > 0) found.set(id, rows.map(trackedOf));
    }
    return found;
  });

  return (refs: ObjectRef[]) => find(refs);
}
