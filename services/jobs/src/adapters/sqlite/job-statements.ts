/** The jobs service's SQL, prepared once per database (tables in job-rows.ts). */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { JobRow } from './job-rows.js';

export interface StoredJob {
  job_id: string;
  record: string;
}

export interface StoredClaim extends StoredJob {
  fingerprint: string;
}

export type JobStatements = ReturnType<typeof prepareJobStatements>;

export function prepareJobStatements(db: SqliteDatabase) {
  return {
    insertJob: db.prepare<[JobRow]>('INSERT INTO jobs_records (job_id, status, list_sort_key, record) VALUES (@jobId, @status, @listSortKey, @record)'),
    updateJob: db.prepare<[JobRow]>('UPDATE jobs_records SET status = @status, list_sort_key = @listSortKey, record = @record WHERE job_id = @jobId'),
    selectJob: db.prepare<[string], StoredJob>('SELECT job_id, record FROM jobs_records WHERE job_id = ?'),
    insertClaim: db.prepare<[string, string, string, string]>(
      'INSERT INTO jobs_idempotency_claims (idempotency_key, job_id, fingerprint, created_at) VALUES (?, ?, ?, ?)',
    ),
    selectClaim: db.prepare<[string], StoredClaim>(
      'SELECT c.fingerprint, j.job_id, j.record FROM jobs_idempotency_claims c JOIN jobs_records j USING (job_id) WHERE c.idempotency_key = ?',
    ),
    // Both listings walk one index range newest first and stop after `limit` rows: never a scan.
    listAll: db.prepare<[string, number], StoredJob>('SELECT job_id, record FROM jobs_records WHERE list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?'),
    listByStatus: db.prepare<[string, string, number], StoredJob>(
      'SELECT job_id, record FROM jobs_records WHERE status = ? AND list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?',
    ),
  };
}
