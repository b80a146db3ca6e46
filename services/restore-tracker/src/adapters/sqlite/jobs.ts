/**
 * Job-level writes on `tracker_jobs`: creation, tracking ready, the published percent, the
 * terminal guard, the active index, the Batch job status. Each is one conditional statement in an
 * IMMEDIATE transaction (the write lock taken up front, so two processes on one file queue on
 * `busy_timeout` instead of failing to upgrade a read lock); a row that did not match is told
 * apart from a missing job as the DynamoDB adapter does.
 */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { BatchStatusUpdate, JobInit, JobOutcome, TrackingReady } from '../../app/ports.js';
import { isUniqueViolation } from '@s3-bulk-restore/shared/sqlite';
import { jobNotFound } from './errors.js';
import { failuresToJson } from './rows.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;
type Params = Record<string, string | number | null>;

/** The job writes, their statements prepared once. */
export function jobWrites(db: SqliteDatabase) {
  const insert = db.prepare(`INSERT INTO tracker_jobs (job_id, batch_job_id, created_at, manifest_bucket, manifest_key, manifest_etag, manifest_version_id, counter_shards, status, deadline)
    VALUES (@jobId, @batchJobId, @createdAt, @bucket, @key, @etag, @versionId, @counterShards, 'Preparing', @deadline)`);
  const ready = db.prepare(`UPDATE tracker_jobs SET status = 'Restoring', total_objects = @total, registered_base = @total,
    ready_total_objects = @total, ready_manifest_lines = @lines, ready_duplicate_lines = @duplicates, ready_at = @at
    WHERE job_id = @jobId AND status = 'Preparing'`);
  const percent = db.prepare('UPDATE tracker_jobs SET published_percent = @percent WHERE job_id = @jobId AND published_percent <= @percent');
  // The job stays in the active index (finish_published = 0) until its JobFinished is confirmed.
  const finish = db.prepare(`UPDATE tracker_jobs SET status = @status, outcome_status = @status, outcome_reason = @reason, outcome_failures = @failures,
    outcome_at = @at, finish_published = 0 WHERE job_id = @jobId AND status IN ('Preparing', 'Restoring')`);
  const confirm = db.prepare('UPDATE tracker_jobs SET finish_published = 1 WHERE job_id = @jobId AND outcome_status IS NOT NULL');
  const batch = db.prepare(`UPDATE tracker_jobs SET batch_status = @status, batch_failure_reasons = @reasons, batch_status_at = @at,
    batch_tasks_total = coalesce(@total, batch_tasks_total), batch_tasks_succeeded = coalesce(@succeeded, batch_tasks_succeeded),
    batch_tasks_failed = coalesce(@failed, batch_tasks_failed) WHERE job_id = @jobId`);
  const exists = db.prepare('SELECT 1 FROM tracker_jobs WHERE job_id = ?').pluck();

  /** True when the update applied; false when its condition did not hold; JobNotFound when there is no job. */
  const conditional = db.transaction((statement: Statement, params: Params & { jobId: string }): boolean => {
    if (statement.run(params).changes > 0) return true;
    if (exists.get(params.jobId) === undefined) throw jobNotFound(params.jobId);
    return false;
  });
  const update = (statement: Statement, params: Params & { jobId: string }) => conditional.immediate(statement, params);

  return {
    /** False when the job exists already (a redelivered `JobCreated`). */
    startJob(init: JobInit): boolean {
      const { bucket, key, etag, versionId } = init.manifest;
      try {
        insert.run({
          jobId: init.jobId,
          batchJobId: init.batchJobId,
          createdAt: init.createdAt,
          bucket,
          key,
          etag,
          versionId: versionId ?? null,
          counterShards: init.counterShards,
          deadline: init.deadline ?? null,
        });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    markTrackingReady(jobId: string, r: TrackingReady): boolean {
      return update(ready, { jobId, total: r.totalObjects, lines: r.manifestLines, duplicates: r.duplicateLines, at: r.at });
    },
    advancePublishedPercent(jobId: string, value: number): boolean {
      return update(percent, { jobId, percent: value });
    },
    finish(jobId: string, outcome: JobOutcome): boolean {
      const failures = outcome.failures ? failuresToJson(outcome.failures) : null;
      return update(finish, { jobId, status: outcome.status, reason: outcome.reason ?? null, failures, at: outcome.at });
    },
    confirmFinishPublished(jobId: string): void {
      update(confirm, { jobId });
    },
    recordBatchStatus(jobId: string, u: BatchStatusUpdate): void {
      const tasks = u.tasks ?? { total: null, succeeded: null, failed: null };
      update(batch, { jobId, status: u.status, reasons: failuresToJson(u.failureReasons ?? []), at: u.at, ...tasks });
    },
  };
}

/** The job writes of one database. */
export type JobWrites = ReturnType<typeof jobWrites>;
