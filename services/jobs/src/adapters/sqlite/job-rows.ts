/**
 * The jobs service's SQLite tables (the local runner's one database file holds every service's
 * tables, hence the `jobs_` prefix). A job is one row: the record as JSON, plus the columns the
 * listings are indexed on, the same keys as the DynamoDB GSIs (`<createdAt>#<jobId>`, newest
 * first, overall, per status and per client tag). An idempotency claim is a row of its own that cannot outlive
 * or precede its job (foreign key, checked at commit so claim and job can be written in either order).
 */
import { DomainError, JOB_STATUSES } from '@s3-bulk-restore/shared';
import type { JobRecord } from '../../app/job-record.js';
import { listSortKey } from '../../app/list-cursor.js';

/** Schema steps, applied once each by `migrate(db, 'jobs', …)`; never edit a released step, add one. */
export const JOBS_SCHEMA: readonly string[] = [
  `CREATE TABLE jobs_records (
     job_id TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     list_sort_key TEXT NOT NULL,
     record TEXT NOT NULL
   ) STRICT`,
  'CREATE INDEX jobs_records_newest ON jobs_records (list_sort_key)',
  'CREATE INDEX jobs_records_by_status ON jobs_records (status, list_sort_key)',
  `CREATE TABLE jobs_idempotency_claims (
     idempotency_key TEXT PRIMARY KEY,
     job_id TEXT NOT NULL REFERENCES jobs_records (job_id) DEFERRABLE INITIALLY DEFERRED,
     fingerprint TEXT NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT`,
  // Listing by client tag (GET /jobs?client_tag=): the tag as a column, copied out of the records
  // written before it existed, and a partial index like DynamoDB's sparse GSI3 (untagged jobs
  // are not in it; `client_tag = ?` implies `IS NOT NULL`, so SQLite uses it).
  'ALTER TABLE jobs_records ADD COLUMN client_tag TEXT',
  "UPDATE jobs_records SET client_tag = json_extract(record, '$.clientTag')",
  'CREATE INDEX jobs_records_by_client_tag ON jobs_records (client_tag, list_sort_key) WHERE client_tag IS NOT NULL',
];

/** The named parameters of a job row. */
export interface JobRow {
  jobId: string;
  status: string;
  clientTag: string | null;
  listSortKey: string;
  record: string;
}

export function jobRow(job: JobRecord): JobRow {
  return { jobId: job.jobId, status: job.status, clientTag: job.clientTag ?? null, listSortKey: listSortKey(job), record: JSON.stringify(job) };
}

/**
 * The record in a row's JSON. Our own table, but a record must at least be a job before the use
 * cases rely on it (the same check the DynamoDB adapter makes).
 */
export function recordOf(jobId: string, json: string): JobRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw corrupt(jobId, error);
  }
  const job = parsed as Partial<JobRecord> | null;
  if (
    typeof job !== 'object' ||
    job === null ||
    typeof job.jobId !== 'string' ||
    typeof job.batchJobId !== 'string' ||
    !(JOB_STATUSES as readonly unknown[]).includes(job.status)
  ) {
    throw corrupt(jobId);
  }
  if (job.totalObjects === undefined) job.totalObjects = null;
  return job as JobRecord;
}

function corrupt(jobId: string, cause?: unknown): DomainError {
  return new DomainError('CorruptJobRecord', `The row for job ${jobId} is not a job record`, { jobId }, cause === undefined ? undefined : { cause });
}
