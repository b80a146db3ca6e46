/**
 * Recording object events: append each to the log (a conditional put, so a redelivered event is
 * a no-op), then apply the net transition of every object in TransactWriteItems together with its
 * counter shard `ADD`s, each object update conditioned on the state it was read in. The log
 * append comes first and is separate (docs/architecture.md, "Counters"): an event found already
 * logged is still applied, and the state condition is what makes counters move exactly once.
 */
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyError, transition } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import { mapBounded } from '../../../app/pool.js';
import type { Failure, ObjectEvent, ObjectTransition, RecordOutcome } from '../../../app/ports.js';
import { batchGetConsistent } from './context.js';
import type { DynamoContext } from './context.js';
import { backoff, cancellationReasons, isConditionalCheckFailed } from './errors.js';
import { keyString, logPk, objectItemKey, objectsByStateSk, shardKey } from './layout.js';
import type { ItemKey, ObjectItem } from './layout.js';

/** Attempts at a group of transitions whose transaction was cancelled (lost condition, conflict). */
const MAX_ATTEMPTS = 8;

interface ItemEvents {
  key: ItemKey;
  events: ObjectEvent[];
}

interface Plan {
  item: ObjectItem;
  to: ObjectState;
  failure?: Failure;
}

/** {@link TrackerStore.record} on DynamoDB. */
export async function record(ctx: DynamoContext, events: ObjectEvent[]): Promise<RecordOutcome> {
  const groups = groupByItem(events);
  let states = await batchGetConsistent<ObjectItem>(ctx, ctx.tables.objects, [...groups.values()].map((g) => g.key));
  // An event for an item nobody registered has nothing to apply to: it is neither logged nor applied.
  const known = [...groups.values()].filter((g) => states.has(keyString(g.key)));
  const { logged, duplicates } = await appendLog(ctx, known, states);

  const transitions: ObjectTransition[] = [];
  let pending = known;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const plans = pending.map((g) => planFor(g, states.get(keyString(g.key)))).filter((p): p is Plan => p !== undefined);
    const retry: ItemEvents[] = [];
    // One transaction at a time: parallel ones would conflict on the job's shard items.
    for (const batch of pack(plans, ctx.maxTransactionItems)) {
      if (await transact(ctx, batch)) transitions.push(...batch.map(transitionOf));
      else retry.push(...batch.map((p) => groups.get(keyString(p.item)) as ItemEvents));
    }
    if (retry.length === 0) break;
    if (attempt >= MAX_ATTEMPTS) {
      throw new DependencyError('TransitionsContended', `Could not apply ${retry.length} object transition(s) after ${attempt} attempts`, { objects: retry.length });
    }
    await backoff(attempt);
    // A cancelled transaction applied nothing: read its objects again and plan from what they are now.
    states = await batchGetConsistent<ObjectItem>(ctx, ctx.tables.objects, retry.map((g) => g.key));
    pending = retry;
  }
  return { transitions, logged, duplicates };
}

function groupByItem(events: ObjectEvent[]): Map<string, ItemEvents> {
  const groups = new Map<string, ItemEvents>();
  for (const event of events) {
    const key = objectItemKey(event.jobId, event.tracked);
    const id = keyString(key);
    const group = groups.get(id) ?? { key, events: [] };
    group.events.push(event);
    groups.set(id, group);
  }
  // Apply in the order the facts happened (the transition table makes most orders end the same way anyway).
  for (const group of groups.values()) group.events.sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
  return groups;
}

async function appendLog(ctx: DynamoContext, groups: ItemEvents[], states: Map<string, ObjectItem>): Promise<{ logged: number; duplicates: number }> {
  const counts = { logged: 0, duplicates: 0 };
  const entries = groups.flatMap((g) => g.events.map((event) => ({ event, item: states.get(keyString(g.key)) as ObjectItem })));
  await mapBounded(entries, ctx.concurrency, async ({ event, item }) => {
    try {
      await ctx.client.send(
        new PutCommand({
          TableName: ctx.tables.eventLog,
          Item: {
            pk: logPk(event.jobId, item.shard),
            sk: event.eventId,
            jobId: event.jobId,
            eventType: event.type,
            bucket: event.object.bucket,
            objectKey: event.object.key,
            versionId: event.object.versionId,
            trackedVersionId: event.tracked.versionId,
            source: event.source,
            at: event.at,
            failure: event.failure,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      counts.logged += 1;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      counts.duplicates += 1;
    }
  });
  return counts;
}

/** The net transition the item's events cause from its current state, or undefined. */
function planFor(group: ItemEvents, item: ObjectItem | undefined): Plan | undefined {
  if (!item) return undefined;
  let state = item.state;
  let failure = item.failure;
  for (const event of group.events) {
    const next = transition(state, event.type);
    if (next === undefined) continue;
    state = next;
    if (next === 'failed') failure = event.failure ?? { code: 'Unknown', message: `${event.type} from ${event.source}` };
  }
  if (state === item.state) return undefined;
  return { item, to: state, ...(state === 'failed' && failure ? { failure } : {}) };
}

/** Split plans into transactions of at most `max` items (object updates + one update per job × shard). */
function pack(plans: Plan[], max: number): Plan[][] {
  const batches: Plan[][] = [];
  let batch: Plan[] = [];
  let shards = new Set<string>();
  for (const plan of plans) {
    const shard = `${plan.item.jobId}#${plan.item.shard}`;
    if (batch.length + 1 + shards.size + (shards.has(shard) ? 0 : 1) > max) {
      batches.push(batch);
      batch = [];
      shards = new Set();
    }
    batch.push(plan);
    shards.add(shard);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Run one transaction; false when DynamoDB cancelled it (a lost state condition or a conflict). */
async function transact(ctx: DynamoContext, batch: Plan[]): Promise<boolean> {
  try {
    await ctx.client.send(new TransactWriteCommand({ TransactItems: [...batch.map((p) => objectUpdate(ctx, p)), ...shardUpdates(ctx, batch)] }));
    return true;
  } catch (error) {
    if (cancellationReasons(error) === undefined) throw error;
    return false;
  }
}

function objectUpdate(ctx: DynamoContext, plan: Plan) {
  const { item, to } = plan;
  const set = ['#state = :to', 'gsi1sk = :gsk'];
  if (plan.failure) set.push('failure = :failure');
  const remove = item.failure && !plan.failure ? ' REMOVE failure' : '';
  return {
    Update: {
      TableName: ctx.tables.objects,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET ${set.join(', ')}${remove}`,
      ConditionExpression: '#state = :from',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':to': to, ':from': item.state, ':gsk': objectsByStateSk(to, item.pk), ...(plan.failure ? { ':failure': plan.failure } : {}) },
    },
  };
}

/** One `ADD` per job × shard with the batch's net deltas (a transaction may touch an item once). */
function shardUpdates(ctx: DynamoContext, batch: Plan[]) {
  const deltas = new Map<string, { jobId: string; shard: number; by: Map<ObjectState, number> }>();
  for (const { item, to } of batch) {
    const id = `${item.jobId}#${item.shard}`;
    const entry = deltas.get(id) ?? { jobId: item.jobId, shard: item.shard, by: new Map<ObjectState, number>() };
    entry.by.set(item.state, (entry.by.get(item.state) ?? 0) - 1);
    entry.by.set(to, (entry.by.get(to) ?? 0) + 1);
    deltas.set(id, entry);
  }
  return [...deltas.values()].map(({ jobId, shard, by }) => {
    // A zero net delta still gets written (ADD 0): the shard item must be touched once per batch at most, and an empty ADD is not allowed.
    const states = [...by.keys()];
    return {
      Update: {
        TableName: ctx.tables.progress,
        Key: shardKey(jobId, shard),
        UpdateExpression: `ADD ${states.map((_, i) => `#s${i} :d${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(states.map((s, i) => [`#s${i}`, s])),
        ExpressionAttributeValues: Object.fromEntries(states.map((s, i) => [`:d${i}`, by.get(s)])),
      },
    };
  });
}

function transitionOf(plan: Plan): ObjectTransition {
  return { jobId: plan.item.jobId, objectId: plan.item.objectId, from: plan.item.state, to: plan.to, shard: plan.item.shard };
}
