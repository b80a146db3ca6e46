/**
 * Recording object events: append each to the log (a conditional put, so a redelivered event is
 * a no-op), then apply the net change of every object (its state and its restored copy's expiry,
 * app/expiry.ts) in TransactWriteItems, each object update conditioned on the state and expiry
 * it was read with. The log append comes first and is separate (docs/architecture.md,
 * "Counters"): an event found already logged is still applied, and the conditions are what make
 * counters move exactly once.
 *
 * Each transaction holds the objects of one job and exactly ONE counter shard update: the net
 * deltas of everything it carries, on a shard drawn at random for that transaction
 * (docs/architecture.md, "Counter shards under a burst"). Counts are sums, so any shard will do;
 * a random draw is independent of the keys (no manifest order can pile transactions onto one
 * shard), and a retried transaction draws again, away from the shard it may have conflicted on.
 */
import { randomInt } from 'node:crypto';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyError, transition } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import { expiredDelta, nextExpiry } from '../../../app/expiry.js';
import { bytesDelta, nextSize } from '../../../app/sizes.js';
import type { Expiry } from '../../../app/expiry.js';
import { mapBounded } from '../../../app/pool.js';
import type { Failure, ObjectEvent, ObjectTransition, RecordOutcome } from '../../../app/ports.js';
import { batchGetConsistent } from './context.js';
import type { DynamoContext } from './context.js';
import { backoff, cancellationReasons, isConditionalCheckFailed } from './errors.js';
import { bytesAttribute, keyString, logPk, objectItemKey, objectsByStateSk, shardKey } from './layout.js';
import type { BytesAttribute } from './layout.js';
import type { ItemKey, ObjectItem } from './layout.js';

/** Attempts at a group of transitions whose transaction was cancelled (lost condition, conflict). */
const MAX_ATTEMPTS = 8;

interface ItemEvents {
  key: ItemKey;
  events: ObjectEvent[];
}

/** The net change of one object: its state (possibly unchanged) and its expiry fields after. */
interface Plan {
  item: ObjectItem;
  to: ObjectState;
  failure?: Failure;
  expiry: Expiry;
  /** The object's size after (app/sizes.ts); set once, never changed. */
  size?: number;
}

/** A job's counter shard count, from its META (read once per job by the store). */
export type CounterShardsOf = (jobId: string) => Promise<number>;

/** {@link TrackerStore.record} on DynamoDB. */
export async function record(ctx: DynamoContext, events: ObjectEvent[], counterShardsOf: CounterShardsOf): Promise<RecordOutcome> {
  const groups = groupByItem(events);
  let states = await batchGetConsistent<ObjectItem>(ctx, ctx.tables.objects, [...groups.values()].map((g) => g.key));
  // An event for an item nobody registered has nothing to apply to: it is neither logged nor applied.
  const known = [...groups.values()].filter((g) => states.has(keyString(g.key)));
  const { logged, duplicates } = await appendLog(ctx, known, states);
  const shardCounts = new Map<string, number>();
  for (const jobId of new Set(known.map((g) => g.events[0]!.jobId))) shardCounts.set(jobId, await counterShardsOf(jobId));

  const transitions: ObjectTransition[] = [];
  let pending = known;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const plans = pending.map((g) => planFor(g, states.get(keyString(g.key)))).filter((p): p is Plan => p !== undefined);
    const retry: ItemEvents[] = [];
    // One transaction at a time: a call's transactions are few (a batch of 100 makes 2), and
    // sending them together would only add to the conflicts of a burst.
    for (const batch of pack(plans, ctx.maxTransactionItems)) {
      const shard = randomInt(shardCounts.get(batch[0]!.item.jobId) ?? 1);
      if (await transact(ctx, batch, shard)) transitions.push(...batch.filter(changesState).map(transitionOf));
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
            expiresAt: event.expiresAt,
            size: event.size,
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

/** The net change the item's events cause from its current state and expiry, or undefined for none. */
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
  const before = expiryOf(item);
  const expiry = nextExpiry(state, before, group.events);
  const size = nextSize(item.size, group.events);
  const sized = size === undefined ? {} : { size };
  if (state === item.state && expiry.expiresAt === before.expiresAt && expiry.expiredAt === before.expiredAt && size === item.size) return undefined;
  // An unchanged state keeps its failure as it is; a new one carries a failure only when `failed`.
  if (state === item.state) return { item, to: state, ...(item.failure ? { failure: item.failure } : {}), expiry, ...sized };
  return { item, to: state, ...(state === 'failed' && failure ? { failure } : {}), expiry, ...sized };
}

function expiryOf(item: ObjectItem): Expiry {
  return { ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}), ...(item.expiredAt ? { expiredAt: item.expiredAt } : {}) };
}

function changesState(plan: Plan): boolean {
  return plan.to !== plan.item.state;
}

/**
 * Split plans into transactions of at most `max` items: the objects of one job plus its one
 * counter shard update.
 */
function pack(plans: Plan[], max: number): Plan[][] {
  const byJob = new Map<string, Plan[]>();
  for (const plan of plans) byJob.set(plan.item.jobId, [...(byJob.get(plan.item.jobId) ?? []), plan]);
  const objects = Math.max(1, max - 1);
  const batches: Plan[][] = [];
  for (const jobPlans of byJob.values()) {
    for (let i = 0; i < jobPlans.length; i += objects) batches.push(jobPlans.slice(i, i + objects));
  }
  return batches;
}

/** Run one transaction; false when DynamoDB cancelled it (a lost condition or a conflict). */
async function transact(ctx: DynamoContext, batch: Plan[], shard: number): Promise<boolean> {
  try {
    await ctx.client.send(new TransactWriteCommand({ TransactItems: [...batch.map((p) => objectUpdate(ctx, p)), shardUpdate(ctx, batch, shard)] }));
    return true;
  } catch (error) {
    if (cancellationReasons(error) === undefined) throw error;
    return false;
  }
}

/**
 * The object's new state and expiry, conditioned on the state AND the expiry fields it was read
 * with: a concurrent writer that changed either (even only the expiry, which is no transition)
 * cancels this transaction, so `expired` cannot move twice for one copy.
 */
function objectUpdate(ctx: DynamoContext, plan: Plan) {
  const { item, to, expiry } = plan;
  const set = ['#state = :to', 'gsi1sk = :gsk'];
  const remove: string[] = [];
  const values: Record<string, unknown> = { ':to': to, ':from': item.state, ':gsk': objectsByStateSk(to, item.pk) };
  if (plan.failure) {
    set.push('failure = :failure');
    values[':failure'] = plan.failure;
  } else if (item.failure) remove.push('failure');
  const condition = ['#state = :from'];
  if (plan.size !== undefined && item.size === undefined) {
    // The size is set once: a concurrent writer that set it first cancels this (bytes count once).
    set.push('#size = :size');
    values[':size'] = plan.size;
    condition.push('attribute_not_exists(#size)');
  }
  for (const field of ['expiresAt', 'expiredAt'] as const) {
    if (expiry[field]) {
      set.push(`${field} = :${field}`);
      values[`:${field}`] = expiry[field];
    } else if (item[field]) remove.push(field);
    if (item[field]) {
      condition.push(`${field} = :was_${field}`);
      values[`:was_${field}`] = item[field];
    } else condition.push(`attribute_not_exists(${field})`);
  }
  return {
    Update: {
      TableName: ctx.tables.objects,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`,
      ConditionExpression: condition.join(' AND '),
      ExpressionAttributeNames: { '#state': 'state', ...(values[':size'] === undefined ? {} : { '#size': 'size' }) },
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The transaction's one counter update: the net deltas per state and of `expired` of every
 * object it carries, `ADD`ed to shard `shard` of their job. Zero deltas are written too (an `ADD`
 * of 0 is harmless; an empty one is not allowed), so every transaction has exactly one.
 */
function shardUpdate(ctx: DynamoContext, batch: Plan[], shard: number) {
  const by = new Map<ObjectState | 'expired' | BytesAttribute, number>();
  const add = (name: ObjectState | 'expired' | BytesAttribute, delta: number) => by.set(name, (by.get(name) ?? 0) + delta);
  for (const plan of batch) {
    if (changesState(plan)) {
      add(plan.item.state, -1);
      add(plan.to, 1);
    }
    for (const [state, bytes] of Object.entries(bytesDelta(plan.item.state, plan.item.size, plan.to, plan.size))) add(bytesAttribute(state as ObjectState), bytes);
    const expired = expiredDelta(expiryOf(plan.item), plan.expiry);
    if (expired !== 0 || by.size === 0) add('expired', expired);
  }
  const names = [...by.keys()];
  return {
    Update: {
      TableName: ctx.tables.progress,
      Key: shardKey(batch[0]!.item.jobId, shard),
      UpdateExpression: `ADD ${names.map((_, i) => `#s${i} :d${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((s, i) => [`#s${i}`, s])),
      ExpressionAttributeValues: Object.fromEntries(names.map((s, i) => [`:d${i}`, by.get(s)])),
    },
  };
}

function transitionOf(plan: Plan): ObjectTransition {
  return { jobId: plan.item.jobId, objectId: plan.item.objectId, from: plan.item.state, to: plan.to, shard: plan.item.shard };
}
