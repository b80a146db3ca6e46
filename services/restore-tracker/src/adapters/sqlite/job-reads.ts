/**
 * Job-level reads: progress (the job row plus at most one counter row per state, whatever the
 * number of objects or events: never a COUNT over objects) and the active index (a partial index,
 * oldest first, keyset-paged).
 */
import { ValidationError, addCounts } from '@s3-bulk-restore/shared';
import type { ObjectCounts, ObjectState } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { ActiveJobsPage, JobProgress } from '../../app/ports.js';
import { activeJobOf, outcomeOf, readyOf } from './rows.js';
import type { JobRow } from './rows.js';

const JOB_COLUMNS = `job_id, batch_job_id, created_at, status, published_percent, registered_base, total_objects, ready_total_objects,
  ready_manifest_lines, ready_duplicate_lines, ready_at, outcome_status, outcome_reason, outcome_failures, outcome_at, finish_published, batch_status, deadline, expired`;

/** Where a page of the active index ends: the last job's sort key. */
interface Cursor {
  createdAt: string;
  jobId: string;
}

/** The job reads, their statements prepared once. */
export function jobReads(db: SqliteDatabase) {
  const job = db.prepare(`SELECT ${JOB_COLUMNS} FROM tracker_jobs WHERE job_id = ?`);
  const counters = db.prepare('SELECT state, delta, bytes FROM tracker_counters WHERE job_id = ?');
  // `finish_published = 0` spelled as in the partial index's WHERE, so the planner uses it.
  const firstPage = db.prepare(`SELECT ${JOB_COLUMNS} FROM tracker_jobs WHERE finish_published = 0 ORDER BY created_at, job_id LIMIT ?`);
  const nextPage = db.prepare(
    `SELECT ${JOB_COLUMNS} FROM tracker_jobs WHERE finish_published = 0 AND (created_at, job_id) > (@createdAt, @jobId) ORDER BY created_at, job_id LIMIT @limit`,
  );

  // Both statements in one read transaction: the row and its counters from the same snapshot.
  const progress = db.transaction((jobId: string): JobProgress | undefined => {
    const row = job.get(jobId) as JobRow | undefined;
    if (!row) return undefined;
    const rows = counters.all(jobId) as Array<{ state: ObjectState; delta: number; bytes: number }>;
    const deltas = Object.fromEntries(rows.map((c) => [c.state, c.delta])) as Partial<ObjectCounts>;
    const bytes = addCounts(Object.fromEntries(rows.map((c) => [c.state, c.bytes])) as Partial<ObjectCounts>);
    const counts = addCounts({ registered: row.registered_base ?? 0 }, deltas);
    // Before tracking is ready the base is unknown: objects another job settled show as negative deltas.
    if (counts.registered < 0) counts.registered = 0;
    const ready = readyOf(row);
    const outcome = outcomeOf(row);
    return {
      jobId,
      status: row.status,
      batchJobId: row.batch_job_id,
      createdAt: row.created_at,
      totalObjects: row.total_objects,
      counts,
      expired: row.expired,
      bytes,
      publishedPercent: row.published_percent,
      finishPublished: row.finish_published === 1,
      ...(ready ? { ready } : {}),
      ...(outcome ? { outcome } : {}),
      ...(row.batch_status !== null ? { batchStatus: row.batch_status } : {}),
      ...(row.deadline !== null ? { deadline: row.deadline } : {}),
    };
  });

  return {
    progress: (jobId: string) => progress(jobId),
    activeJobs(page: { limit: number; cursor?: string }): ActiveJobsPage {
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      // One row more than asked tells whether there is a next page.
      const limit = page.limit + 1;
      const rows = (after ? nextPage.all({ ...after, limit }) : firstPage.all(limit)) as JobRow[];
      const jobs = rows.slice(0, page.limit).map(activeJobOf);
      const last = jobs.at(-1);
      return { jobs, ...(rows.length > page.limit && last ? { cursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId }) } : {}) };
    },
  };
}

/** The job reads of one database. */
export type JobReads = ReturnType<typeof jobReads>;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Record<keyof Cursor, unknown>> | null;
    if (value && typeof value.createdAt === 'string' && typeof value.jobId === 'string') return { createdAt: value.createdAt, jobId: value.jobId };
  } catch {
    // fall through to the typed error
  }
  throw new ValidationError('InvalidCursor', 'The cursor is not one this store returned', { field: 'cursor' });
}
