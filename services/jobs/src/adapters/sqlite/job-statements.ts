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
    insertJob: db.prepare<[JobRow]>(
      'INSERT INTO jobs_records (job_id, status, client_tag, list_sort_key, record) VALUES (@jobId, @status, @clientTag, @listSortKey, @record)',
    ),
    updateJob: db.prepare<[JobRow]>(
      'UPDATE jobs_records SET status = @status, client_tag = @clientTag, list_sort_key = @listSortKey, record = @record WHERE job_id = @jobId',
    ),
    selectJob: db.prepare<[string], StoredJob>('SELECT job_id, record FROM jobs_records WHERE job_id = ?'),
    insertClaim: db.prepare<[string, string, string, string]>(
      'INSERT INTO jobs_idempotency_claims (idempotency_key, job_id, fingerprint, created_at) VALUES (?, ?, ?, ?)',
    ),
    selectClaim: db.prepare<[string], StoredClaim>(
      'SELECT c.fingerprint, j.job_id, j.record FROM jobs_idempotency_claims c JOIN jobs_records j USING (job_id) WHERE c.idempotency_key = ?',
    ),
    // Every listing walks one index range newest first and stops after `limit` rows: never a scan.
    listAll: db.prepare<[string, number], StoredJob>('SELECT job_id, record FROM jobs_records WHERE list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?'),
    listByStatus: db.prepare<[string, string, number], StoredJob>(
      'SELECT job_id, record FROM jobs_records WHERE status = ? AND list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?',
    ),
    listByClientTag: db.prepare<[string, string, number], StoredJob>(
      'SELECT job_id, record FROM jobs_records WHERE client_tag = ? AND list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?',
    ),
    // The tag's index range, the status checked on each row (as DynamoDB filters GSI3 on status).
    listByClientTagAndStatus: db.prepare<[string, string, string, number], StoredJob>(
      'SELECT job_id, record FROM jobs_records INDEXED BY jobs_records_by_client_tag WHERE client_tag = ? AND status = ? AND list_sort_key < ? ORDER BY list_sort_key DESC LIMIT ?',
    ),
  };
}
