/**
 * The tracker's SQLite tables (the local runner's one database file holds every service's tables,
 * so each name starts with `tracker_`). They mirror the DynamoDB layout of docs/architecture.md:
 *
 * - `tracker_jobs`: one row per job (the ProgressTable's META item). A job is in the active index
 *   until its `JobFinished` is confirmed published: the partial index on `finish_published = 0`.
 * - `tracker_objects`: one row per job × object, keyed by bucket and key first so that every job
 *   waiting on an object is one index range (the ObjectsTable's partition); indexed by job and
 *   state for listings (its GSI1).
 * - `tracker_event_log`: the append-only log; the primary key makes a redelivered event a
 *   constraint violation, i.e. "already logged".
 * - `tracker_counters`: per job and state, the signed delta from `registered_base` (the shard
 *   items, without shards: one local writer has no hot partition to spread).
 *
 * CHECK constraints keep states and statuses to their unions, so rows read back are well typed.
 * Released steps are never edited: append a new one.
 */
import { JOB_STATUSES, OBJECT_STATES } from '@s3-bulk-restore/shared';

/** The component name under which {@link TRACKER_SCHEMA} is recorded in `schema_migrations`. */
export const TRACKER_COMPONENT = 'restore-tracker';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** The schema steps, applied once each by `migrate`. */
export const TRACKER_SCHEMA: readonly string[] = [
  `CREATE TABLE tracker_jobs (
    job_id TEXT PRIMARY KEY,
    batch_job_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    manifest_bucket TEXT NOT NULL,
    manifest_key TEXT NOT NULL,
    manifest_etag TEXT NOT NULL,
    manifest_version_id TEXT,
    counter_shards INTEGER NOT NULL CHECK (counter_shards > 0),
    status TEXT NOT NULL CHECK (status IN (${list(JOB_STATUSES)})),
    published_percent INTEGER NOT NULL DEFAULT 0,
    registered_base INTEGER,
    total_objects INTEGER NOT NULL DEFAULT 0,
    ready_total_objects INTEGER,
    ready_manifest_lines INTEGER,
    ready_duplicate_lines INTEGER,
    ready_at TEXT,
    outcome_status TEXT,
    outcome_reason TEXT,
    outcome_failures TEXT,
    outcome_at TEXT,
    finish_published INTEGER NOT NULL DEFAULT 0,
    batch_status TEXT,
    batch_failure_reasons TEXT,
    batch_tasks_total INTEGER,
    batch_tasks_succeeded INTEGER,
    batch_tasks_failed INTEGER,
    batch_status_at TEXT
  )`,
  'CREATE INDEX tracker_jobs_active ON tracker_jobs (created_at, job_id) WHERE finish_published = 0',
  // version_id is '' when the manifest named no version (the object stands for any version): S3
  // version ids are never empty, and a NULL would make the primary key non-unique.
  `CREATE TABLE tracker_objects (
    bucket TEXT NOT NULL,
    object_key TEXT NOT NULL,
    job_id TEXT NOT NULL REFERENCES tracker_jobs (job_id),
    version_id TEXT NOT NULL,
    object_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN (${list(OBJECT_STATES)})),
    shard INTEGER NOT NULL,
    line INTEGER NOT NULL,
    failure_code TEXT,
    failure_message TEXT,
    failure_line INTEGER,
    PRIMARY KEY (bucket, object_key, job_id, version_id)
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_event_log (
    job_id TEXT NOT NULL REFERENCES tracker_jobs (job_id),
    event_id TEXT NOT NULL,
    shard INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    bucket TEXT NOT NULL,
    object_key TEXT NOT NULL,
    version_id TEXT,
    tracked_version_id TEXT,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    failure_code TEXT,
    failure_message TEXT,
    failure_line INTEGER,
    PRIMARY KEY (job_id, event_id)
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_counters (
    job_id TEXT NOT NULL REFERENCES tracker_jobs (job_id),
    state TEXT NOT NULL CHECK (state IN (${list(OBJECT_STATES)})),
    delta INTEGER NOT NULL,
    PRIMARY KEY (job_id, state)
  ) WITHOUT ROWID`,
  // A job's objects by state (the ObjectsTable's GSI1), keyset-paged on (state, line). The line
  // (unique within a job) rather than the hashed object id: registration appends to this index in
  // manifest order instead of writing all over it (1M lines: ~7x faster on this kind of disk).
  'CREATE INDEX tracker_objects_by_state ON tracker_objects (job_id, state, line)',
  // When the job times out (ISO-8601, so it sorts as time); NULL for jobs started before deadlines existed.
  'ALTER TABLE tracker_jobs ADD COLUMN deadline TEXT',
  // What each range of a fanned-out registration found (JSON `RangeReading`), kept until all are in.
  `CREATE TABLE tracker_manifest_ranges (
    job_id TEXT NOT NULL REFERENCES tracker_jobs (job_id),
    range_index INTEGER NOT NULL,
    range_count INTEGER NOT NULL,
    reading TEXT NOT NULL,
    PRIMARY KEY (job_id, range_count, range_index)
  ) WITHOUT ROWID`,
  // The restored copy's expiry per object (app/expiry.ts) and, per job, the objects whose copy expired.
  'ALTER TABLE tracker_objects ADD COLUMN expires_at TEXT',
  'ALTER TABLE tracker_objects ADD COLUMN expired_at TEXT',
  'ALTER TABLE tracker_jobs ADD COLUMN expired INTEGER NOT NULL DEFAULT 0',
  'ALTER TABLE tracker_event_log ADD COLUMN expires_at TEXT',
  // Object sizes as S3 reports them, and bytes per state beside the counts (app/sizes.ts).
  'ALTER TABLE tracker_objects ADD COLUMN size INTEGER',
  'ALTER TABLE tracker_event_log ADD COLUMN size INTEGER',
  'ALTER TABLE tracker_counters ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0',
];
