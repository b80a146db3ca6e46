/**
 * Rows as SQLite returns them, and their domain views. Columns are spelled out rather than stored
 * as JSON blobs; the two lists of failures are JSON and are checked when read back.
 */
import { DependencyError, isTerminalJobStatus } from '@s3-bulk-restore/shared';
import type { JobStatus, ObjectRef, ObjectState, TerminalJobStatus } from '@s3-bulk-restore/shared';
import type { ActiveJob, Failure, JobOutcome, TrackedObject, TrackingReady } from '../../app/ports.js';

/** A `tracker_jobs` row (the columns the reads use). */
export interface JobRow {
  job_id: string;
  batch_job_id: string;
  created_at: string;
  status: JobStatus;
  published_percent: number;
  registered_base: number | null;
  total_objects: number;
  ready_total_objects: number | null;
  ready_manifest_lines: number | null;
  ready_duplicate_lines: number | null;
  ready_at: string | null;
  outcome_status: TerminalJobStatus | null;
  outcome_reason: string | null;
  outcome_failures: string | null;
  outcome_at: string | null;
  finish_published: number;
  batch_status: string | null;
  deadline: string | null;
  expired: number;
}

/** A `tracker_objects` row. */
export interface ObjectRow {
  bucket: string;
  object_key: string;
  job_id: string;
  /** '' when the manifest named no version. */
  version_id: string;
  object_id: string;
  state: ObjectState;
  shard: number;
  line: number;
  failure_code: string | null;
  failure_message: string | null;
  failure_line: number | null;
  expires_at: string | null;
  expired_at: string | null;
  size: number | null;
}

/** The object reference a row tracks. */
export function refOfRow(row: ObjectRow): ObjectRef {
  return row.version_id ? { bucket: row.bucket, key: row.object_key, versionId: row.version_id } : { bucket: row.bucket, key: row.object_key };
}

/** A failure spread over `failure_*` columns, or undefined when there is none. */
export function failureOfColumns(code: string | null, message: string | null, line: number | null): Failure | undefined {
  if (code === null) return undefined;
  return { code, message: message ?? '', ...(line !== null ? { line } : {}) };
}

export function trackedOf(row: ObjectRow): TrackedObject {
  const failure = failureOfColumns(row.failure_code, row.failure_message, row.failure_line);
  return {
    jobId: row.job_id,
    ref: refOfRow(row),
    state: row.state,
    shard: row.shard,
    line: row.line,
    ...(failure ? { failure } : {}),
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
    ...(row.expired_at !== null ? { expiredAt: row.expired_at } : {}),
    ...(row.size !== null ? { size: row.size } : {}),
  };
}

export function readyOf(row: JobRow): TrackingReady | undefined {
  if (row.ready_at === null) return undefined;
  return { totalObjects: row.ready_total_objects ?? 0, manifestLines: row.ready_manifest_lines ?? 0, duplicateLines: row.ready_duplicate_lines ?? 0, at: row.ready_at };
}

export function outcomeOf(row: JobRow): JobOutcome | undefined {
  if (row.outcome_status === null || row.outcome_at === null || !isTerminalJobStatus(row.outcome_status)) return undefined;
  const failures = row.outcome_failures === null ? undefined : failuresFromJson(row.outcome_failures, row.job_id);
  return { status: row.outcome_status, ...(row.outcome_reason !== null ? { reason: row.outcome_reason } : {}), ...(failures ? { failures } : {}), at: row.outcome_at };
}

export function activeJobOf(row: JobRow): ActiveJob {
  const outcome = outcomeOf(row);
  return {
    jobId: row.job_id,
    batchJobId: row.batch_job_id,
    status: row.status,
    createdAt: row.created_at,
    ...(row.batch_status !== null ? { batchStatus: row.batch_status } : {}),
    ...(outcome && isTerminalJobStatus(row.status) ? { finishedAt: outcome.at } : {}),
    ...(row.deadline !== null ? { deadline: row.deadline } : {}),
  };
}

/** A list of failures as stored (JSON), checked: a hand-edited or corrupt file fails loudly, typed. */
export function failuresFromJson(json: string, jobId: string): Failure[] {
  const corrupt = (cause?: unknown) => new DependencyError('CorruptStore', `Stored failures of job ${jobId} are not a list of failures`, { jobId }, { cause });
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw corrupt(error);
  }
  if (!Array.isArray(value)) throw corrupt();
  return value.map((item: unknown): Failure => {
    const f = item as Partial<Record<keyof Failure, unknown>> | null;
    if (!f || typeof f.code !== 'string' || typeof f.message !== 'string' || (f.line !== undefined && typeof f.line !== 'number')) throw corrupt();
    return { code: f.code, message: f.message, ...(typeof f.line === 'number' ? { line: f.line } : {}) };
  });
}

/** Failures as stored: only the known fields, so what is read back is what was meant. */
export function failuresToJson(failures: Failure[]): string {
  return JSON.stringify(failures.map((f) => ({ code: f.code, message: f.message, ...(f.line !== undefined ? { line: f.line } : {}) })));
}
