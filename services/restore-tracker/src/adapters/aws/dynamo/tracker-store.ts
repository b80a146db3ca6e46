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
  RangeReading,
  RangeSlot,
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
import { completeRange } from './ranges.js';
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

  async completeRange(jobId: string, slot: RangeSlot, reading: RangeReading): Promise<RangeReading[] | undefined> {
    await this.counterShards(jobId);
    return completeRange(this.ctx, jobId, slot, reading);
  }

  markTrackingReady(jobId: string, ready: TrackingReady): Promise<boolean> {
    return jobs.markTrackingReady(this.ctx, jobId, ready);
  }

  findWaiting(refs: ObjectRef[]): Promise<Map<string, TrackedObject[]>> {
    return findWaiting(this.ctx, refs);
  }

  record(events: ObjectEvent[]): Promise<RecordOutcome> {
    return record(this.ctx, events, (jobId) => this.counterShards(jobId));
  }

  async progress(jobId: string): Promise<JobProgress | undefined> {
    const read = await jobs.progress(this.ctx, jobId, this.shardCounts.get(jobId));
    if (read) this.remember(jobId, read.counterShards);
    return read?.progress;
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

  async listObjects(jobId: string, query: ObjectsQuery): Promise<ObjectsPage> {
    const shards = await this.knownShards(jobId);
    // An unknown job has no index shards, so no objects (and no cursor of its can be valid).
    return listObjects(this.ctx, jobId, shards ?? 0, query);
  }

  /** The job's shard count (its index shards follow from it). @throws NotFoundError `JobNotFound` */
  private async counterShards(jobId: string): Promise<number> {
    const shards = await this.knownShards(jobId);
    if (shards === undefined) throw new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId });
    return shards;
  }

  private async knownShards(jobId: string): Promise<number | undefined> {
    const known = this.shardCounts.get(jobId);
    if (known !== undefined) return known;
    const out = await this.ctx.client.send(
      new GetCommand({ TableName: this.ctx.tables.progress, Key: metaKey(jobId), ConsistentRead: true, ProjectionExpression: 'counterShards' }),
    );
    const shards = out.Item?.['counterShards'] as number | undefined;
    if (shards !== undefined) this.remember(jobId, shards);
    return shards;
  }

  private remember(jobId: string, shards: number): void {
    // A warm Lambda sees few jobs, but bound the memory anyway.
    if (this.shardCounts.size >= 10_000) this.shardCounts.clear();
    this.shardCounts.set(jobId, shards);
  }
}
