/**
 * Registering manifest objects: one row per job × object, a chunk in one transaction. Retry-safe
 * counting as on DynamoDB: the row remembers the manifest line that created it, so when its key is
 * already taken the stored line tells a retried registration (same line: ours, count it) from a
 * duplicate line (another line: don't).
 */
import { objectId } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { ManifestObject, Registration } from '../../app/ports.js';
import { counterShard } from '../../app/shards.js';
import { isForeignKeyViolation } from '@s3-bulk-restore/shared/sqlite';
import { jobNotFound } from './errors.js';

/** `registerObjects`, its statements prepared once. */
export function registration(db: SqliteDatabase) {
  const shardsOf = db.prepare('SELECT counter_shards FROM tracker_jobs WHERE job_id = ?').pluck();
  // Positional parameters and no exception for a taken key: this runs once per manifest line.
  const insert = db.prepare(`INSERT INTO tracker_objects (bucket, object_key, job_id, version_id, object_id, state, shard, line)
    VALUES (?, ?, ?, ?, ?, 'registered', ?, ?) ON CONFLICT DO NOTHING`);
  const storedLine = db.prepare('SELECT line FROM tracker_objects WHERE bucket = ? AND object_key = ? AND job_id = ? AND version_id = ?').pluck();

  const register = db.transaction((jobId: string, entries: ManifestObject[]): Registration => {
    const shards = shardsOf.get(jobId) as number | undefined;
    if (shards === undefined) throw jobNotFound(jobId);
    const outcome: Registration = { registered: 0, duplicates: 0 };
    for (const entry of entries) {
      const id = objectId(entry);
      const versionId = entry.versionId ?? '';
      const inserted = insert.run(entry.bucket, entry.key, jobId, versionId, id, counterShard(id, shards), entry.line).changes === 1;
      if (inserted || storedLine.get(entry.bucket, entry.key, jobId, versionId) === entry.line) outcome.registered += 1;
      else outcome.duplicates += 1;
    }
    return outcome;
  });

  return (jobId: string, entries: ManifestObject[]) => {
    try {
      return register.immediate(jobId, entries);
    } catch (error) {
      // The job row checked above cannot go away inside the transaction; kept for a deleted job.
      if (isForeignKeyViolation(error)) throw jobNotFound(jobId, error);
      throw error;
    }
  };
}
