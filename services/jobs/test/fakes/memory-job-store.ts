/**
 * An in-memory JobStore for use-case tests. It passes the same contract suite as the DynamoDB
 * store (test/app/memory-job-store.test.ts), so a use-case test on it means something.
 */
import { FoldingJobStore } from '../../src/app/folding-job-store.js';
import { ConflictError } from '@s3-bulk-restore/shared';
import type { JobRecord } from '../../src/app/job-record.js';
import { decodeListToken, encodeListToken, listSortKey } from '../../src/app/list-cursor.js';
import type { IdempotencyClaim, JobListQuery, JobPage, JobStore, ReadModelUpdate } from '../../src/app/ports.js';
import type { Fold } from '../../src/app/read-model.js';

export class MemoryJobStore extends FoldingJobStore implements JobStore {
  readonly jobs = new Map<string, JobRecord>();
  private readonly claims = new Map<string, { jobId: string; fingerprint: string }>();

  async create(job: JobRecord, idempotency?: IdempotencyClaim): Promise<{ job: JobRecord; created: boolean }> {
    const claim = idempotency && this.claims.get(idempotency.key);
    if (claim && idempotency) {
      if (claim.fingerprint !== idempotency.fingerprint) throw new ConflictError('IdempotencyConflict', 'key used for another request', { field: 'Idempotency-Key' });
      return { job: clone(this.jobs.get(claim.jobId)!), created: false };
    }
    if (this.jobs.has(job.jobId)) throw new ConflictError('JobAlreadyExists', `job ${job.jobId} exists`, { jobId: job.jobId });
    this.jobs.set(job.jobId, clone(job));
    if (idempotency) this.claims.set(idempotency.key, { jobId: job.jobId, fingerprint: idempotency.fingerprint });
    return { job: clone(job), created: true };
  }

  async findByIdempotencyKey(key: string): Promise<{ job: JobRecord; fingerprint: string } | undefined> {
    const claim = this.claims.get(key);
    const job = claim && this.jobs.get(claim.jobId);
    return claim && job ? { job: clone(job), fingerprint: claim.fingerprint } : undefined;
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const job = this.jobs.get(jobId);
    return job && clone(job);
  }

  async list(query: JobListQuery): Promise<JobPage> {
    const filter = { status: query.status, clientTag: query.clientTag };
    const after = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, filter);
    const matching = [...this.jobs.values()]
      .filter((job) => !query.status || job.status === query.status)
      .filter((job) => query.clientTag === undefined || job.clientTag === query.clientTag)
      .filter((job) => after === undefined || listSortKey(job) < after)
      .sort((a, b) => (listSortKey(a) < listSortKey(b) ? 1 : -1));
    const jobs = matching.slice(0, query.limit).map(clone);
    const last = jobs[jobs.length - 1];
    return matching.length > query.limit && last ? { jobs, nextToken: encodeListToken(filter, listSortKey(last)) } : { jobs };
  }

  protected async update(jobId: string, fold: (job: JobRecord) => Fold): Promise<ReadModelUpdate> {
    const job = this.jobs.get(jobId);
    if (!job) return { applied: false, reason: 'unknown-job' };
    const result = fold(clone(job));
    if ('ignored' in result) return { applied: false, reason: result.ignored, job: clone(job) };
    this.jobs.set(jobId, clone(result.next));
    return { applied: true, job: clone(result.next) };
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}
