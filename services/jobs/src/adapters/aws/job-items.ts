/**
 * JobsTable items (docs/architecture.md): `JOB#<jobId>`/`JOB` holds the job and its read model,
 * indexed newest first by GSI1 (`gsi1pk = JOBS`, `gsi1sk = <createdAt>#<jobId>`), by status by
 * GSI2 (`gsi2pk = STATUS#<status>`, sorted by the same `gsi1sk`) and by client tag by GSI3
 * (`gsi3pk = TAG#<clientTag>`, the same `gsi1sk`; sparse: a job without a tag has no `gsi3pk`);
 * `IDEMPOTENCY#<sha256(key)>` / `IDEMPOTENCY` holds an idempotency claim (no index attributes,
 * so claims never show in lists).
 *
 * A job item written before GSI3 existed has no `gsi3pk` until its next write; a job that never
 * changes again (one already ended) needs `scripts/backfill-client-tag-index.ts` once.
 */
import { createHash } from 'node:crypto';
import { DomainError, JOB_STATUSES } from '@s3-bulk-restore/shared';
import type { JobStatus } from '@s3-bulk-restore/shared';
import type { JobRecord } from '../../app/job-record.js';
import { listSortKey } from '../../app/list-cursor.js';

export const JOB_SK = 'JOB';
export const IDEMPOTENCY_SK = 'IDEMPOTENCY';
export const ALL_JOBS = 'JOBS';

export const jobPk = (jobId: string) => `JOB#${jobId}`;
export const statusPk = (status: JobStatus) => `STATUS#${status}`;
export const clientTagPk = (clientTag: string) => `TAG#${clientTag}`;
export const idempotencyPk = (key: string) => `IDEMPOTENCY#${createHash('sha256').update(key, 'utf8').digest('hex')}`;

/** The item for a record at `revision` (every write bumps it; writes are conditioned on the previous one). */
export function jobItem(job: JobRecord, revision: number): Record<string, unknown> {
  return {
    pk: jobPk(job.jobId),
    sk: JOB_SK,
    gsi1pk: ALL_JOBS,
    gsi1sk: listSortKey(job),
    gsi2pk: statusPk(job.status),
    ...(job.clientTag === undefined ? {} : { gsi3pk: clientTagPk(job.clientTag) }),
    revision,
    ...job,
  };
}

/** The record in an item, and the item's revision. */
export function recordOf(item: Record<string, unknown>): { job: JobRecord; revision: number } {
  const { pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi3pk: _g3, revision, ...fields } = item;
  const job = fields as unknown as JobRecord;
  // Our own table, but a record must at least be a job before the use cases rely on it.
  if (typeof job.jobId !== 'string' || typeof job.batchJobId !== 'string' || !(JOB_STATUSES as readonly string[]).includes(job.status)) {
    throw new DomainError('CorruptJobRecord', `The item ${String(pk)} is not a job record`, { pk });
  }
  if (job.totalObjects === undefined) job.totalObjects = null;
  return { job, revision: typeof revision === 'number' ? revision : 0 };
}

export function idempotencyItem(key: string, jobId: string, fingerprint: string, createdAt: string): Record<string, unknown> {
  return { pk: idempotencyPk(key), sk: IDEMPOTENCY_SK, jobId, fingerprint, createdAt };
}
