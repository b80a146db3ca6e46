/**
 * The {@link TrackerStore} on DynamoDB: ObjectsTable, EventLogTable and ProgressTable as
 * docs/architecture.md lays them out. Each method is one domain step; the modules beside this
 * file make each step atomic or idempotent the DynamoDB way.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import type {
  ActiveJobsPage,
  BatchStatusUpdate,
  JobInit,
  JobOutcome,
  JobProgress,
  ManifestObject,
  ObjectEvent,
  ObjectsPage,
  ObjectsQuery,
  RecordOutcome,
  Registration,
  TrackedObject,
  TrackerStore,
  TrackingReady,
} from '../../../app/ports.js';
import type { DynamoContext } from './context.js';
import { findWaiting } from './find-waiting.js';
import * as jobs from './jobs.js';
import { metaKey } from './layout.js';
import { listObjects } from './list-objects.js';
import type { DynamoTrackerTables } from './layout.js';
import { record } from './record.js';
import { registerObjects } from './registration.js';

/** The client and the table names; the rest has defaults. */
export interface DynamoTrackerStoreOptions {
  client: DynamoDBClient;
  tables: DynamoTrackerTables;
  /** Requests in flight within one call (default 16). */
  concurrency?: number;
  /** Items per TransactWriteItems, at most 100 (default 100). */
  maxTransactionItems?: number;
}

/** {@link TrackerStore} on DynamoDB. */
export class DynamoTrackerStore implements TrackerStore {
  private readonly ctx: DynamoContext;
  /** A job's shard count never changes: read it once per job per process. */
  private readonly shardCounts = new Map<string, number>();

  constructor(options: DynamoTrackerStoreOptions) {
    this.ctx = {
      // Optional fields (versionId, reason…) are left out rather than written as nulls.
      client: DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } }),
      tables: options.tables,
      concurrency: options.concurrency ?? 16,
      maxTransactionItems: Math.min(options.maxTransactionItems ?? 100, 100),
    };
  }

  startJob(init: JobInit): Promise<boolean> {
    return jobs.startJob(this.ctx, init);
  }

  async registerObjects(jobId: string, entries: ManifestObject[]): Promise<Registration> {
    return registerObjects(this.ctx, jobId, await this.counterShards(jobId), entries);
  }

  markTrackingReady(jobId: string, ready: TrackingReady): Promise<boolean> {
    return jobs.markTrackingReady(this.ctx, jobId, ready);
  }

  findWaiting(refs: ObjectRef[]): Promise<Map<string, TrackedObject[]>> {
    return findWaiting(this.ctx, refs);
  }

  record(events: ObjectEvent[]): Promise<RecordOutcome> {
    return record(this.ctx, events);
  }

  progress(jobId: string): Promise<JobProgress | undefined> {
    return jobs.progress(this.ctx, jobId);
  }

  advancePublishedPercent(jobId: string, percent: number): Promise<boolean> {
    return jobs.advancePublishedPercent(this.ctx, jobId, percent);
  }

  finish(jobId: string, outcome: JobOutcome): Promise<boolean> {
    return jobs.finish(this.ctx, jobId, outcome);
  }

  confirmFinishPublished(jobId: string): Promise<void> {
    return jobs.confirmFinishPublished(this.ctx, jobId);
  }

  activeJobs(page: { limit: number; cursor?: string }): Promise<ActiveJobsPage> {
    return jobs.activeJobs(this.ctx, page);
  }

  recordBatchStatus(jobId: string, update: BatchStatusUpdate): Promise<void> {
    return jobs.recordBatchStatus(this.ctx, jobId, update);
  }

  listObjects(jobId: string, query: ObjectsQuery): Promise<ObjectsPage> {
    return listObjects(this.ctx, jobId, query);
  }

  private async counterShards(jobId: string): Promise<number> {
    const known = this.shardCounts.get(jobId);
    if (known !== undefined) return known;
    const out = await this.ctx.client.send(
      new GetCommand({ TableName: this.ctx.tables.progress, Key: metaKey(jobId), ConsistentRead: true, ProjectionExpression: 'counterShards' }),
    );
    const shards = out.Item?.['counterShards'] as number | undefined;
    if (shards === undefined) throw new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId });
    // A warm Lambda sees few jobs, but bound the memory anyway.
    if (this.shardCounts.size >= 10_000) this.shardCounts.clear();
    this.shardCounts.set(jobId, shards);
    return shards;
  }
}
