/**
 * A job's objects from the ObjectsTable's GSI1 (`gsi1pk = JOB#<jobId>#<k>`, `gsi1sk =
 * <state>#<pk>`). The job's objects are spread over its index shards k (layout.ts), so a listing
 * reads (state, shard) slots in a fixed order: for a state filter, that state's shards 0…K-1;
 * without one, every state in the byte order of the names, each over shards 0…K-1. Within a slot
 * the index sorts by `gsi1sk`. The cursor records where the last object returned was: its state,
 * its index shard and its index key. A slot is one Query narrowed with `begins_with(gsi1sk,
 * '<state>#')` (no state name is a prefix of another). Every write that moves `state` moves
 * `gsi1sk` with it and keeps `gsi1pk` (registration.ts, record.ts). The index is read eventually
 * consistent, as every GSI is.
 *
 * Slots after the first are read several at a time in parallel, as many as the last slot's size
 * says the page still needs (up to the store's concurrency, 16): in a big job a page rarely
 * leaves its slot, while in a small one most slots are empty and cost a round trip each.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OBJECT_STATES } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import { decodeObjectCursor, encodeObjectCursor } from '../../../app/object-cursor.js';
import type { CursorScope } from '../../../app/object-cursor.js';
import type { ObjectsPage, ObjectsQuery } from '../../../app/ports.js';
import type { DynamoContext } from './context.js';
import { trackedOf } from './find-waiting.js';
import { OBJECTS_BY_STATE_INDEX, objectIndexShards, objectsByStatePk } from './layout.js';
import type { ObjectItem } from './layout.js';

/** Where a page ended: the slot (state, index shard) and the index key of its last item there. */
interface IndexPosition {
  state: ObjectState;
  indexShard: number;
  gsi1sk: string;
  pk: string;
  sk: string;
}

interface Slot {
  state: ObjectState;
  indexShard: number;
}

const OBJECT_PK = /^OBJ#[0-9a-f]{40}$/;
const STATES_IN_BYTE_ORDER = [...OBJECT_STATES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** {@link TrackerStore.listObjects} on the ObjectsTable's GSI1, for a job of `counterShards` shards (0: unknown job). */
export async function listObjects(ctx: DynamoContext, jobId: string, counterShards: number, query: ObjectsQuery): Promise<ObjectsPage> {
  const scope: CursorScope = query.state === undefined ? { jobId } : { jobId, state: query.state };
  const indexShards = counterShards === 0 ? 0 : objectIndexShards(counterShards);
  const after = query.cursor === undefined ? undefined : decodeObjectCursor(query.cursor, scope, positionIn(scope, indexShards));
  const slots = (query.state === undefined ? STATES_IN_BYTE_ORDER : [query.state]).flatMap((state) => Array.from({ length: indexShards }, (_, indexShard) => ({ state, indexShard })));
  // The cursor's slot continues after its position; the slots after it from their start.
  const first = after ? slots.findIndex((s) => s.state === after.state && s.indexShard === after.indexShard) : 0;
  let next = first;

  // One item more than asked says whether another page follows.
  const items: Array<{ slot: Slot; item: ObjectItem }> = [];
  for (let window = 1; next < slots.length && items.length <= query.limit; ) {
    const need = query.limit + 1 - items.length;
    const reads = await Promise.all(slots.slice(next, next + window).map((slot, i) => readSlot(ctx, jobId, slot, need, next + i === first ? after : undefined)));
    // In slot order: a slot that gave fewer than `need` is exhausted, so the next one follows it.
    for (const [i, read] of reads.entries()) {
      items.push(...read.map((item) => ({ slot: slots[next + i] as Slot, item })));
      if (items.length > query.limit) break;
    }
    next += window;
    // As many slots next as the last one's size says are needed (all empty: the full window).
    const perSlot = Math.max(1, (reads.at(-1) ?? []).length);
    window = Math.min(ctx.concurrency, Math.ceil((query.limit + 1 - items.length) / perSlot));
  }

  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  const position = ({ slot, item }: { slot: Slot; item: ObjectItem }): IndexPosition => ({ ...slot, gsi1sk: item.gsi1sk, pk: item.pk, sk: item.sk });
  return { objects: page.map(({ item }) => trackedOf(item)), ...(items.length > query.limit && last ? { cursor: encodeObjectCursor(scope, position(last)) } : {}) };
}

/** Up to `need` items of one slot, after `start` if given. A Query stops at 1 MB, so this may take several. */
async function readSlot(ctx: DynamoContext, jobId: string, slot: Slot, need: number, start?: IndexPosition): Promise<ObjectItem[]> {
  const items: ObjectItem[] = [];
  const gsi1pk = objectsByStatePk(jobId, slot.indexShard);
  let startKey: Record<string, unknown> | undefined = start && { gsi1pk, gsi1sk: start.gsi1sk, pk: start.pk, sk: start.sk };
  do {
    const out = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tables.objects,
        IndexName: OBJECTS_BY_STATE_INDEX,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :state)',
        ExpressionAttributeValues: { ':pk': gsi1pk, ':state': `${slot.state}#` },
        Limit: need - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as ObjectItem[]));
    startKey = out.LastEvaluatedKey;
  } while (startKey && items.length < need);
  return items;
}

/**
 * A position the index could hold for this job and filter: an ExclusiveStartKey outside the key
 * condition is a DynamoDB ValidationException, so it is refused here as a bad token instead.
 */
function positionIn(scope: CursorScope, indexShards: number) {
  return (value: Record<string, unknown>): value is Record<string, unknown> & IndexPosition => {
    const { state, indexShard, gsi1sk, pk, sk } = value;
    if (typeof state !== 'string' || typeof gsi1sk !== 'string' || typeof pk !== 'string' || typeof sk !== 'string' || Object.keys(value).length !== 5) return false;
    return (
      Number.isInteger(indexShard) &&
      (indexShard as number) >= 0 &&
      (indexShard as number) < indexShards &&
      OBJECT_PK.test(pk) &&
      gsi1sk === `${state}#${pk}` &&
      (OBJECT_STATES as readonly string[]).includes(state) &&
      (scope.state === undefined || state === scope.state) &&
      sk.startsWith(`JOB#${scope.jobId}#V#`)
    );
  };
}
