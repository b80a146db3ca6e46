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
import { isForeignKeyViolation, isUniqueViolation } from '@s3-bulk-restore/shared/sqlite';
import { jobNotFound } from './errors.js';

/** `registerObjects`, its statements prepared once. */
export function registration(db: SqliteDatabase) {
  const shardsOf = db.prepare('SELECT counter_shards FROM tracker_jobs WHERE job_id = ?').pluck();
  const insert = db.prepare(`INSERT INTO tracker_objects (bucket, object_key, job_id, version_id, object_id, state, shard, line)
    VALUES (@bucket, @key, @jobId, @versionId, @objectId, 'registered', @shard, @line)`);
  const storedLine = db.prepare('SELECT line FROM tracker_objects WHERE bucket = @bucket AND object_key = @key AND job_id = @jobId AND version_id = @versionId').pluck();

  const register = db.transaction((jobId: string, entries: ManifestObject[]): Registration => {
    const shards = shardsOf.get(jobId) as number | undefined;
    if (shards === undefined) throw jobNotFound(jobId);
    const outcome: Registration = { registered: 0, duplicates: 0 };
    for (const entry of entries) {
      const id = objectId(entry.versionId ? { bucket: entry.bucket, key: entry.key, versionId: entry.versionId } : { bucket: entry.bucket, key: entry.key });
      const row = { bucket: entry.bucket, key: entry.key, jobId, versionId: entry.versionId ?? '' };
      if (insertOnce({ ...row, objectId: id, shard: counterShard(id, shards), line: entry.line }) || storedLine.get(row) === entry.line) outcome.registered += 1;
      else outcome.duplicates += 1;
    }
    return outcome;
  });

  /** Insert the row unless its key is taken; true when inserted. */
  function insertOnce(params: Record<string, string | number>): boolean {
    try {
      insert.run(params);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      if (isForeignKeyViolation(error)) throw jobNotFound(String(params['jobId']), error);
      throw error;
    }
  }

  return (jobId: string, entries: ManifestObject[]) => register.immediate(jobId, entries);
}
