/**
 * The jobs waiting on objects: one strongly consistent Query per distinct bucket + key (every
 * job and version of an object share its partition), then version matching.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import { mapBounded } from '../../../app/pool.js';
import type { TrackedObject } from '../../../app/ports.js';
import type { DynamoContext } from './context.js';
import { objectItemKey, refOfItem } from './layout.js';
import type { ObjectItem } from './layout.js';

/** {@link TrackerStore.findWaiting} on the ObjectsTable. */
export async function findWaiting(ctx: DynamoContext, refs: ObjectRef[]): Promise<Map<string, TrackedObject[]>> {
  const byPartition = new Map<string, ObjectRef[]>();
  for (const ref of refs) {
    const { pk } = objectItemKey('-', ref);
    byPartition.set(pk, [...(byPartition.get(pk) ?? []), ref]);
  }
  const found = new Map<string, TrackedObject[]>();
  await mapBounded([...byPartition], ctx.concurrency, async ([pk, partitionRefs]) => {
    const items = await queryPartition(ctx, pk);
    for (const ref of partitionRefs) {
      // Without a version id the job waits on whatever version gets restored; with one, on that version only.
      const matching = items.filter((i) => i.bucket === ref.bucket && i.objectKey === ref.key && (i.versionId === undefined || i.versionId === ref.versionId));
      if (matching.length > 0) found.set(objectId(ref), matching.map(trackedOf));
    }
  });
  return found;
}

async function queryPartition(ctx: DynamoContext, pk: string): Promise<ObjectItem[]> {
  const items: ObjectItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tables.objects,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as ObjectItem[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The domain view of an ObjectsTable item. */
export function trackedOf(item: ObjectItem): TrackedObject {
  return {
    jobId: item.jobId,
    ref: refOfItem(item),
    state: item.state,
    shard: item.shard,
    line: item.line,
    ...(item.failure ? { failure: item.failure } : {}),
    ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}),
    ...(item.expiredAt ? { expiredAt: item.expiredAt } : {}),
    ...(item.size === undefined ? {} : { size: item.size }),
  };
}
