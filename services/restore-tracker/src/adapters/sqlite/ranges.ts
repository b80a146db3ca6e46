/**
 * The readings of a fanned-out registration's ranges: one row per range of a plan (its count and
 * index: a plan made again with another range size is another set), the first write wins (a
 * redelivered range finds its row taken), all of them returned once every range is in.
 */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { isForeignKeyViolation } from '@s3-bulk-restore/shared/sqlite';
import type { RangeReading, RangeSlot } from '../../app/ports.js';
import { jobNotFound } from './errors.js';

/** `completeRange`, its statements prepared once. */
export function rangeReadings(db: SqliteDatabase) {
  const insert = db.prepare(`INSERT INTO tracker_manifest_ranges (job_id, range_index, range_count, reading) VALUES (?, ?, ?, ?)
    ON CONFLICT (job_id, range_count, range_index) DO NOTHING`);
  const all = db.prepare('SELECT reading FROM tracker_manifest_ranges WHERE job_id = ? AND range_count = ? ORDER BY range_index').pluck();

  const complete = db.transaction((jobId: string, slot: RangeSlot, reading: RangeReading): RangeReading[] | undefined => {
    insert.run(jobId, slot.index, slot.count, JSON.stringify(reading));
    const readings = all.all(jobId, slot.count) as string[];
    return readings.length === slot.count ? readings.map((text) => JSON.parse(text) as RangeReading) : undefined;
  });

  return (jobId: string, slot: RangeSlot, reading: RangeReading): RangeReading[] | undefined => {
    try {
      return complete.immediate(jobId, slot, reading);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw jobNotFound(jobId, error);
      throw error;
    }
  };
}
