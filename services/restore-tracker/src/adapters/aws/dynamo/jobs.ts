/**
 * The job's META item in the ProgressTable: creation, tracking ready, progress (META + its
 * counter shard items, each under its own partition key, by consistent BatchGetItem: O(shards),
 * never a scan), the terminal guard, the active index, Batch job status.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, OBJECT_STATES, TERMINAL_JOB_STATUSES, ValidationError, addCounts, emptyCounts } from '@s3-bulk-restore/shared';
import type { JobStatus, ObjectCounts } from '@s3-bulk-restore/shared';
import type { ActiveJob, ActiveJobsPage, BatchStatusUpdate, JobInit, JobOutcome, JobProgress, TrackingReady } from '../../../app/ports.js';
import { batchGetConsistent } from './context.js';
import type { DynamoContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { ACTIVE, ACTIVE_INDEX, bytesAttribute, keyString, metaKey, shardKey } from './layout.js';
import type { ItemKey, MetaItem, ShardItem } from './layout.js';

const NOT_TERMINAL = '#status IN (:preparing, :restoring)';
const NOT_TERMINAL_VALUES = { ':preparing': 'Preparing', ':restoring': 'Restoring' };

/** Put META unless it exists (a redelivered JobCreated gets false). */
export async function startJob(ctx: DynamoContext, init: JobInit): Promise<boolean> {
  const item: MetaItem = {
    ...metaKey(init.jobId),
    jobId: init.jobId,
    batchJobId: init.batchJobId,
    createdAt: init.createdAt,
    manifest: init.manifest,
    counterShards: init.counterShards,
    status: 'Preparing',
    publishedPercent: 0,
    activePk: ACTIVE,
    activeSk: `${init.createdAt}#${init.jobId}`,
    ...(init.deadline === undefined ? {} : { deadline: init.deadline }),
  };
  try {
    await ctx.client.send(new PutCommand({ TableName: ctx.tables.progress, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** A conditional update of META: true when applied, false when the condition did not hold. */
async function updateMeta(ctx: DynamoContext, jobId: string, update: { expression: string; condition: string; names?: Record<string, string>; values?: Record<string, unknown> }): Promise<boolean> {
  try {
    await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tables.progress,
        Key: metaKey(jobId),
        UpdateExpression: update.expression,
        ConditionExpression: `attribute_exists(pk) AND (${update.condition})`,
        ...(update.names ? { ExpressionAttributeNames: update.names } : {}),
        ...(update.values ? { ExpressionAttributeValues: update.values } : {}),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    if (!error.Item) throw new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId });
    return false;
  }
}

/** Preparing → Restoring with the totals; the `registered` base the shard deltas count from. */
export function markTrackingReady(ctx: DynamoContext, jobId: string, ready: TrackingReady): Promise<boolean> {
  return updateMeta(ctx, jobId, {
    expression: 'SET #status = :restoring, #ready = :ready, totalObjects = :total, registeredBase = :total',
    condition: '#status = :preparing',
    names: { '#status': 'status', '#ready': 'ready' },
    values: { ':restoring': 'Restoring', ':preparing': 'Preparing', ':ready': ready, ':total': ready.totalObjects },
  });
}

/** Raise `publishedPercent` unless a higher value is there. */
export function advancePublishedPercent(ctx: DynamoContext, jobId: string, percent: number): Promise<boolean> {
  return updateMeta(ctx, jobId, {
    expression: 'SET publishedPercent = :p',
    condition: 'attribute_not_exists(publishedPercent) OR publishedPercent <= :p',
    values: { ':p': percent },
  });
}

/** The terminal guard: only a job not yet terminal can finish. */
export function finish(ctx: DynamoContext, jobId: string, outcome: JobOutcome): Promise<boolean> {
  return updateMeta(ctx, jobId, {
    // The job stays in the active index (activePk) until its JobFinished is confirmed published.
    expression: 'SET #status = :status, outcome = :outcome, finishPublished = :false',
    condition: NOT_TERMINAL,
    names: { '#status': 'status' },
    values: { ...NOT_TERMINAL_VALUES, ':status': outcome.status, ':outcome': outcome, ':false': false },
  });
}

/** JobFinished is out: drop the job from the active index. */
export async function confirmFinishPublished(ctx: DynamoContext, jobId: string): Promise<void> {
  await updateMeta(ctx, jobId, {
    expression: 'SET finishPublished = :true REMOVE activePk, activeSk',
    condition: 'attribute_exists(outcome)',
    values: { ':true': true },
  });
}

/** Remember what DescribeJob said. */
export async function recordBatchStatus(ctx: DynamoContext, jobId: string, update: BatchStatusUpdate): Promise<void> {
  await updateMeta(ctx, jobId, {
    expression: 'SET batchStatus = :s, batchFailureReasons = :r, batchStatusAt = :at' + (update.tasks ? ', batchTasks = :t' : ''),
    condition: 'attribute_exists(jobId)',
    values: { ':s': update.status, ':r': update.failureReasons ?? [], ':at': update.at, ...(update.tasks ? { ':t': update.tasks } : {}) },
  });
}

/**
 * META plus the job's counter shards, strongly consistent. With the shard count known (the store
 * remembers it per job), one BatchGetItem of META and the shards (two past 99 shards); without
 * it, a GetItem of META first. Returns the job's shard count with its progress.
 */
export async function progress(ctx: DynamoContext, jobId: string, knownShards?: number): Promise<{ progress: JobProgress; counterShards: number } | undefined> {
  let meta: MetaItem | undefined;
  if (knownShards === undefined) {
    meta = (await ctx.client.send(new GetCommand({ TableName: ctx.tables.progress, Key: metaKey(jobId), ConsistentRead: true }))).Item as MetaItem | undefined;
    if (!meta) return undefined;
  }
  const counterShards = meta?.counterShards ?? (knownShards as number);
  const shardKeys: ItemKey[] = Array.from({ length: counterShards }, (_, n) => shardKey(jobId, n));
  const found = await batchGetConsistent<MetaItem | ShardItem>(ctx, ctx.tables.progress, meta ? shardKeys : [metaKey(jobId), ...shardKeys]);
  meta ??= found.get(keyString(metaKey(jobId))) as MetaItem | undefined;
  if (!meta) return undefined;
  const shards = shardKeys.map((key) => found.get(keyString(key)) as ShardItem | undefined).filter((item): item is ShardItem => item !== undefined);
  const counts = addCounts({ registered: meta.registeredBase ?? 0 }, ...shards);
  // Before tracking is ready the base is unknown: objects another job settled show as negative deltas.
  if (counts.registered < 0) counts.registered = 0;
  const job: JobProgress = {
    jobId,
    status: meta.status as JobStatus,
    batchJobId: meta.batchJobId,
    createdAt: meta.createdAt,
    totalObjects: meta.totalObjects ?? 0,
    counts: { ...emptyCounts(), ...counts },
    expired: shards.reduce((sum, shard) => sum + (shard.expired ?? 0), 0),
    bytes: Object.fromEntries(OBJECT_STATES.map((state) => [state, shards.reduce((sum, shard) => sum + (shard[bytesAttribute(state)] ?? 0), 0)])) as ObjectCounts,
    publishedPercent: meta.publishedPercent ?? 0,
    finishPublished: meta.finishPublished ?? false,
    ...(meta.ready ? { ready: meta.ready } : {}),
    ...(meta.outcome ? { outcome: meta.outcome } : {}),
    ...(meta.batchStatus ? { batchStatus: meta.batchStatus } : {}),
    ...(meta.deadline ? { deadline: meta.deadline } : {}),
  };
  return { progress: job, counterShards };
}

/** A page of the sparse active index (GSI1), oldest first; the cursor is the opaque LastEvaluatedKey. */
export async function activeJobs(ctx: DynamoContext, page: { limit: number; cursor?: string }): Promise<ActiveJobsPage> {
  const out = await ctx.client.send(
    new QueryCommand({
      TableName: ctx.tables.progress,
      IndexName: ACTIVE_INDEX,
      KeyConditionExpression: 'activePk = :active',
      ExpressionAttributeValues: { ':active': ACTIVE },
      Limit: page.limit,
      ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor) } : {}),
    }),
  );
  const jobs = ((out.Items ?? []) as MetaItem[]).map(
    (m): ActiveJob => ({
      jobId: m.jobId,
      batchJobId: m.batchJobId,
      status: m.status as JobStatus,
      createdAt: m.createdAt,
      ...(m.batchStatus ? { batchStatus: m.batchStatus } : {}),
      ...(m.outcome && (TERMINAL_JOB_STATUSES as readonly string[]).includes(m.status) ? { finishedAt: m.outcome.at } : {}),
      ...(m.deadline ? { deadline: m.deadline } : {}),
    }),
  );
  return { jobs, ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}) };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through to the typed error
  }
  throw new ValidationError('InvalidCursor', 'The cursor is not one this store returned', { field: 'cursor' });
}
