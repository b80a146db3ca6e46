/**
 * Registering manifest objects: one conditional put per job × object. Retry-safe counting: the
 * item remembers the manifest line that created it, so when the put finds the item already there
 * the old line tells a retried registration (same line: ours, count it) from a duplicate line
 * (another line: don't).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import { mapBounded } from '../../../app/pool.js';
import type { ManifestObject, Registration } from '../../../app/ports.js';
import { counterShard } from '../../../app/shards.js';
import type { DynamoContext } from './context.js';
import { isConditionalCheckFailed, rawNumber } from './errors.js';
import { objectIndexShards, objectItemKey, objectsByStatePk, objectsByStateSk } from './layout.js';
import type { ObjectItem } from './layout.js';

/** {@link TrackerStore.registerObjects} on DynamoDB, the job's shard count given. */
export async function registerObjects(ctx: DynamoContext, jobId: string, counterShards: number, entries: ManifestObject[]): Promise<Registration> {
  const outcome: Registration = { registered: 0, duplicates: 0 };
  await mapBounded(entries, ctx.concurrency, async (entry) => {
    const ref: ObjectRef = entry.versionId ? { bucket: entry.bucket, key: entry.key, versionId: entry.versionId } : { bucket: entry.bucket, key: entry.key };
    const ours = await putOnce(ctx, itemFor(jobId, ref, entry.line, counterShards));
    if (ours) outcome.registered += 1;
    else outcome.duplicates += 1;
  });
  return outcome;
}

function itemFor(jobId: string, ref: ObjectRef, line: number, counterShards: number): ObjectItem {
  const key = objectItemKey(jobId, ref);
  const id = objectId(ref);
  const shard = counterShard(id, counterShards);
  return {
    ...key,
    jobId,
    bucket: ref.bucket,
    objectKey: ref.key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    objectId: id,
    state: 'registered',
    shard,
    line,
    // The index key never changes after this (a transition rewrites only gsi1sk): one of the
    // job's index shards, so a registration's puts spread over them.
    gsi1pk: objectsByStatePk(jobId, shard % objectIndexShards(counterShards)),
    gsi1sk: objectsByStateSk('registered', key.pk),
  };
}

/** Put the item unless it exists; true when the item is (now) this line's. */
async function putOnce(ctx: DynamoContext, item: ObjectItem): Promise<boolean> {
  try {
    await ctx.client.send(
      new PutCommand({
        TableName: ctx.tables.objects,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    const line = rawNumber(error.Item, 'line') ?? (await storedLine(ctx, item));
    return line === item.line;
  }
}

/** The line of an existing item, for when the failed put did not return it. */
async function storedLine(ctx: DynamoContext, item: ObjectItem): Promise<number | undefined> {
  const out = await ctx.client.send(new GetCommand({ TableName: ctx.tables.objects, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true, ProjectionExpression: 'line' }));
  return out.Item?.['line'] as number | undefined;
}
