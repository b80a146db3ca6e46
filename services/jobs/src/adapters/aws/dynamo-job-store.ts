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
import { ALL_JOBS, IDEMPOTENCY_SK, JOB_SK, idempotencyItem, idempotencyPk, jobItem, jobPk, recordOf, statusPk } from './job-items.js';

export interface DynamoJobStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Attempts of a read-model step under contention (default 8). */
  attempts?: number;
}

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
    const after = query.nextToken === undefined ? undefined : decodeListToken(query.nextToken, query.status);
    const [index, partition, value] = query.status ? ['GSI2', 'gsi2pk', statusPk(query.status)] : ['GSI1', 'gsi1pk', ALL_JOBS];
    // One more than asked tells whether another page exists, so the last page carries no token.
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: after === undefined ? '#p = :p' : '#p = :p AND gsi1sk < :after',
        ExpressionAttributeNames: { '#p': partition },
        ExpressionAttributeValues: after === undefined ? { ':p': value } : { ':p': value, ':after': after },
        ScanIndexForward: false,
        Limit: query.limit + 1,
      }),
    );
    const jobs = (out.Items ?? []).slice(0, query.limit).map((item) => recordOf(item).job);
    const more = (out.Items?.length ?? 0) > query.limit;
    const last = jobs[jobs.length - 1];
    return more && last ? { jobs, nextToken: encodeListToken(query.status, listSortKey(last)) } : { jobs };
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
