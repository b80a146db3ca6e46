/**
 * The JobStore on SQLite, for the local runner (tables in job-rows.ts). Every step is one
 * `BEGIN IMMEDIATE` transaction: it takes SQLite's single write lock before reading, so "read the
 * record, fold the event with the pure rules of app/read-model.ts, write the result" cannot
 * interleave with another writer, where the DynamoDB adapter gets the same from a put conditioned
 * on the revision it read. Creation writes the job and its idempotency claim in one transaction,
 * so neither exists without the other; a primary-key violation is turned into the same domain
 * outcome the DynamoDB adapter derives from its cancellation reasons.
 */
import { FoldingJobStore } from '../../app/folding-job-store.js';
import { ConflictError } from '@s3-bulk-restore/shared';
import { migrate } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { JobRecord } from '../../app/job-record.js';
import { decodeListToken, encodeListToken, listSortKey } from '../../app/list-cursor.js';
import type { IdempotencyClaim, JobListQuery, JobPage, JobStore, ReadModelUpdate } from '../../app/ports.js';
import type { Fold } from '../../app/read-model.js';
import { JOBS_SCHEMA, jobRow, recordOf } from './job-rows.js';
import { prepareJobStatements } from './job-statements.js';
import type { JobStatements, StoredJob } from './job-statements.js';
import { isBusy, isUniqueViolation } from '@s3-bulk-restore/shared/sqlite';

export interface SqliteJobStoreOptions {
  /** The runner's database (`openDatabase` from `@s3-bulk-restore/shared/sqlite`); the caller closes it. */
  db: SqliteDatabase;
}

/** A better-sqlite3 transaction function, run with `BEGIN IMMEDIATE` (takes the write lock before reading). */
interface Step<A extends unknown[], R> {
  immediate(...args: A): R;
}

type Created = { job: JobRecord; created: boolean };

/** Above every `<createdAt>#<jobId>` sort key (digits, letters, `-:.#`): "no cursor yet" in one indexed range. */
const NEWEST = '~';

export class SqliteJobStore extends FoldingJobStore implements JobStore {
  private readonly sql: JobStatements;
  private readonly createStep: Step<[JobRecord, IdempotencyClaim | undefined], Created>;
  private readonly updateStep: Step<[string, (job: JobRecord) => Fold], ReadModelUpdate>;

  constructor(options: SqliteJobStoreOptions) {
    super();
    migrate(options.db, 'jobs', JOBS_SCHEMA);
    this.sql = prepareJobStatements(options.db);
    this.createStep = options.db.transaction((job: JobRecord, claim: IdempotencyClaim | undefined) => this.insert(job, claim));
    this.updateStep = options.db.transaction((jobId: string, fold: (job: JobRecord) => Fold) => this.fold(jobId, fold));
  }

  async create(job: JobRecord, idempotency?: IdempotencyClaim): Promise<Created> {
    return this.createStep.immediate(job, idempotency);
  }

  async findByIdempotencyKey(key: string): Promise<{ job: JobRecord; fingerprint: string } | undefined> {
    const claim = this.sql.selectClaim.get(key);
    return claim && { job: recordOf(claim.job_id, claim.record), fingerprint: claim.fingerprint };
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const row = this.sql.selectJob.get(jobId);
    return row && recordOf(row.job_id, row.record);
  }

  async list(query: JobListQuery): Promise<JobPage> {
    const filter = { status: query.status, clientTag: query.clientTag };
    const before = query.nextToken === undefined ? NEWEST : decodeListToken(query.nextToken, filter);
    const rows = this.rowsBefore(query, before, query.limit + 1);
    const jobs = rows.slice(0, query.limit).map((row) => recordOf(row.job_id, row.record));
    const last = jobs[jobs.length - 1];
    return rows.length > query.limit && last ? { jobs, nextToken: encodeListToken(filter, listSortKey(last)) } : { jobs };
  }

  /** The listing's index range (one per filter), newest first, from just below `before`. */
  private rowsBefore(query: JobListQuery, before: string, limit: number): StoredJob[] {
    const { status, clientTag } = query;
    if (clientTag !== undefined && status) return this.sql.listByClientTagAndStatus.all(clientTag, status, before, limit);
    if (clientTag !== undefined) return this.sql.listByClientTag.all(clientTag, before, limit);
    if (status) return this.sql.listByStatus.all(status, before, limit);
    return this.sql.listAll.all(before, limit);
  }

  /** Claim first: a retried request (same key, so the same job id) is answered by its claim, not refused as a duplicate job. */
  private insert(job: JobRecord, claim: IdempotencyClaim | undefined): Created {
    if (claim) {
      try {
        this.sql.insertClaim.run(claim.key, job.jobId, claim.fingerprint, job.createdAt);
      } catch (error) {
        if (isUniqueViolation(error)) return this.claimed(claim);
        throw error;
      }
    }
    try {
      this.sql.insertJob.run(jobRow(job));
    } catch (error) {
      // Thrown out of the transaction, so the claim written above is rolled back with it.
      if (isUniqueViolation(error)) throw new ConflictError('JobAlreadyExists', `A job ${job.jobId} already exists`, { jobId: job.jobId });
      throw error;
    }
    return { job, created: true };
  }

  private claimed(claim: IdempotencyClaim): Created {
    const held = this.sql.selectClaim.get(claim.key);
    if (!held) throw new ConflictError('IdempotencyConflict', 'The idempotency key is being claimed by another request; retry', { field: 'Idempotency-Key', retryable: true });
    if (held.fingerprint !== claim.fingerprint) {
      throw new ConflictError('IdempotencyConflict', 'This idempotency key was already used for a different create-job request', {
        field: 'Idempotency-Key',
        jobId: held.job_id,
      });
    }
    return { job: recordOf(held.job_id, held.record), created: false };
  }

  protected async update(jobId: string, fold: (job: JobRecord) => Fold): Promise<ReadModelUpdate> {
    try {
      return this.updateStep.immediate(jobId, fold);
    } catch (error) {
      // Another process held the write lock past the busy timeout: the DynamoDB adapter's "kept changing".
      if (isBusy(error)) throw new ConflictError('ConcurrentUpdate', `Job ${jobId} could not be updated while another writer held the database; the event can be retried`, { jobId }, { cause: error });
      throw error;
    }
  }

  private fold(jobId: string, fold: (job: JobRecord) => Fold): ReadModelUpdate {
    const row = this.sql.selectJob.get(jobId);
    if (!row) return { applied: false, reason: 'unknown-job' };
    const current = recordOf(row.job_id, row.record);
    const result = fold(current);
    if ('ignored' in result) return { applied: false, reason: result.ignored, job: current };
    this.sql.updateJob.run(jobRow(result.next));
    return { applied: true, job: result.next };
  }
}
