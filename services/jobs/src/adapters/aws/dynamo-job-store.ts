/**
 * The JobStore on DynamoDB (layout in job-items.ts). Creation is one TransactWriteItems (job +
 * idempotency claim, each `attribute_not_exists`), so a job never exists without its claim or
 * the other way round. Read-model steps are optimistic: read the item, fold the event with the
 * pure rules of app/read-model.ts, and put the result conditioned on the revision read; a
 * concurrent writer makes the condition fail and the step is folded again on the fresh item. So
 * the monotonic rules are written once for every store, and no update is ever lost.
 */
import { FoldingJobStore } from '../../app/folding-job-store.js';
import { ConflictError } from '@s3-bulk-restore/shared';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { JobRecord } from '../../app/job-record.js';
import { decodeListToken, encodeListToken, listSortKey } from '../../app/list-cursor.js';
import type { IdempotencyClaim, JobListQuery, JobPage, JobStore, ReadModelUpdate } from '../../app/ports.js';
import type { Fold } from '../../app/read-model.js';
import { awsError, cancellationCodes } from './aws-errors.js';
import { IDEMPOTENCY_SK, JOB_SK, idempotencyItem, idempotencyPk, jobItem, jobPk, recordOf } from './job-items.js';
import { listingQuery, listingSource } from './job-listing.js';
import type { ListingSource } from './job-listing.js';

export interface DynamoJobStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Attempts of a read-model step under contention (default 8). */
  attempts?: number;
  /**
   * Items one `list` request reads at most when it filters a client tag's jobs on status (default
   * 1,000); past it, the page ends short with a token that continues where the reading stopped.
   */
  filteredReadBudget?: number;
}

/** Items read per Query when filtering on status. */
const FILTERED_READ_STEP = 100;

export class DynamoJobStore extends FoldingJobStore implements JobStore {
  constructor(private readonly options: DynamoJobStoreOptions) {
    super();
  }

  async create(job: JobRecord, idempotency?: IdempotencyClaim): Promise<{ job: JobRecord; created: boolean }> {
    if (!idempotency) return this.createAlone(job);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table, Item: jobItem(job, 1), ConditionExpression: 'attribute_not_exists(pk)' } },
              {
                Put: {
                  TableName: this.table,
                  Item: idempotencyItem(idempotency.key, job.jobId, idempotency.fingerprint, job.createdAt),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return { job, created: true };
      } catch (error) {
        if (awsError(error).name !== 'TransactionCanceledException') throw error;
        const [jobCode, claimCode] = cancellationCodes(error);
        if (claimCode === 'ConditionalCheckFailed') return this.claimed(idempotency);
        if (jobCode === 'ConditionalCheckFailed') throw jobExists(job.jobId);
        // TransactionConflict: an identical request is writing the same items right now; once it
        // commits, the next attempt finds its claim.
        if (attempt >= 3) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async findByIdempotencyKey(key: string): Promise<{ job: JobRecord; fingerprint: string } | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: idempotencyPk(key), sk: IDEMPOTENCY_SK }, ConsistentRead: true }));
    const claim = out.Item as { jobId?: string; fingerprint?: string } | undefined;
    if (!claim?.jobId || !claim.fingerprint) return undefined;
    const job = await this.get(claim.jobId);
    return job && { job, fingerprint: claim.fingerprint };
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    return (await this.read(jobId))?.job;
  }

  async list(query: JobListQuery): Promise<JobPage> {
    const filter = { status: query.status, clientTag: query.clientTag };
    const after = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, filter);
    // One more than asked tells whether another page exists, so the last page carries no token.
    const { jobs: found, stoppedAt } = await this.readListing(listingSource(query), after, query.limit + 1);
    const jobs = found.slice(0, query.limit);
    const last = jobs[jobs.length - 1];
    if (found.length > query.limit && last) return { jobs, nextToken: encodeListToken(filter, listSortKey(last)) };
    // The read budget ran out among jobs of other statuses: a short page (possibly empty) whose
    // token continues below the last item read, every item above it having been looked at.
    return stoppedAt === undefined ? { jobs } : { jobs, nextToken: encodeListToken(filter, stoppedAt) };
  }

  /**
   * Up to `wanted` jobs of one listing below `after`, newest first, over as many Queries as it
   * takes (a filter or DynamoDB's 1 MB page can leave a Query short); `stoppedAt`, the sort key
   * of the last item read, when a filtered listing ran out of its read budget first.
   */
  private async readListing(source: ListingSource, after: string | undefined, wanted: number): Promise<{ jobs: JobRecord[]; stoppedAt?: string }> {
    const budget = this.options.filteredReadBudget ?? 1_000;
    const jobs: JobRecord[] = [];
    let read = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const missing = wanted - jobs.length;
      // Filtered, read in larger steps (most items may not match), never past the budget.
      const limit = source.statusFilter ? Math.max(Math.min(Math.max(missing, FILTERED_READ_STEP), budget - read), 1) : missing;
      const out = await this.client.send(new QueryCommand(listingQuery(this.table, source, { limit, ...(after === undefined ? {} : { after }), ...(startKey ? { startKey } : {}) })));
      jobs.push(...(out.Items ?? []).map((item) => recordOf(item).job));
      read += out.ScannedCount ?? 0;
      startKey = out.LastEvaluatedKey;
    } while (jobs.length < wanted && startKey && read < budget);
    const stoppedAt = startKey?.['gsi1sk'];
    return jobs.length < wanted && typeof stoppedAt === 'string' ? { jobs, stoppedAt } : { jobs };
  }

  private get table(): string {
    return this.options.tableName;
  }

  private get client(): DynamoDBDocumentClient {
    return this.options.client;
  }

  private async read(jobId: string): Promise<{ job: JobRecord; revision: number } | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { pk: jobPk(jobId), sk: JOB_SK }, ConsistentRead: true }));
    return out.Item ? recordOf(out.Item) : undefined;
  }

  protected async update(jobId: string, fold: (job: JobRecord) => Fold): Promise<ReadModelUpdate> {
    const attempts = this.options.attempts ?? 8;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const current = await this.read(jobId);
      if (!current) return { applied: false, reason: 'unknown-job' };
      const result = fold(current.job);
      if ('ignored' in result) return { applied: false, reason: result.ignored, job: current.job };
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: jobItem(result.next, current.revision + 1),
            ConditionExpression: 'revision = :revision',
            ExpressionAttributeValues: { ':revision': current.revision },
          }),
        );
        return { applied: true, job: result.next };
      } catch (error) {
        if (awsError(error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    throw new ConflictError('ConcurrentUpdate', `Job ${jobId} kept changing during ${attempts} attempts; the event can be retried`, { jobId });
  }

  private async createAlone(job: JobRecord): Promise<{ job: JobRecord; created: boolean }> {
    try {
      await this.client.send(new PutCommand({ TableName: this.table, Item: jobItem(job, 1), ConditionExpression: 'attribute_not_exists(pk)' }));
      return { job, created: true };
    } catch (error) {
      if (awsError(error).name === 'ConditionalCheckFailedException') throw jobExists(job.jobId);
      throw error;
    }
  }

  private async claimed(claim: IdempotencyClaim): Promise<{ job: JobRecord; created: boolean }> {
    const existing = await this.findByIdempotencyKey(claim.key);
    if (!existing) throw new ConflictError('IdempotencyConflict', 'The idempotency key is being claimed by another request; retry', { field: 'Idempotency-Key', retryable: true });
    if (existing.fingerprint !== claim.fingerprint) {
      throw new ConflictError('IdempotencyConflict', 'This idempotency key was already used for a different create-job request', {
        field: 'Idempotency-Key',
        jobId: existing.job.jobId,
      });
    }
    return { job: existing.job, created: false };
  }
}

function jobExists(jobId: string): ConflictError {
  return new ConflictError('JobAlreadyExists', `A job ${jobId} already exists`, { jobId });
}
