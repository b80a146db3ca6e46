/**
 * Concurrent writers on one job's counter shards (docs/architecture.md, "Counter shards under a
 * burst"): many SQS batches of one job recorded at the same time, as concurrent Lambda
 * invocations of onRestoreEvents would, each through the real use case and the DynamoDB store.
 *
 * What moto can and cannot show. moto_server never answers a transaction with a
 * `TransactionConflict` reason (moto/dynamodb/models/__init__.py, `transact_write_items`: only
 * condition failures and validation errors), and it does not isolate concurrent transactions from
 * each other (moto-isolation.ts), so the shared client sends one write at a time. The callers'
 * reads, plans and writes still interleave freely: a caller plans from a state another caller
 * changes before its transaction runs, which DynamoDB (and moto) cancel on the state condition —
 * the race the counters must survive. The conflict DynamoDB itself reports when two transactions
 * touch the same shard item at once is injected on the real client by a middleware: the store
 * must retry it, or fail the whole batch so that SQS redelivers it, and count it once either way.
 *
 * What moto can show of the layout: every transaction carries exactly one counter shard update
 * (read off each TransactWriteItems request by a middleware on the real client), so concurrent
 * transactions meet on a shard only when they draw the same one of 128.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { emptyCounts } from '@s3-bulk-restore/shared';
import type { ObjectState } from '@s3-bulk-restore/shared';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import type { TrackerDeps } from '../../src/app/deps.js';
import type { ObjectEvent, ObjectTransition, RecordOutcome } from '../../src/app/ports.js';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import type { QueueMessage, RecordRestoreEventsResult } from '../../src/app/record-restore-events.js';
import { s3Event, testDeps } from '../fakes/deps.js';
import { serialiseMotoWrites } from './moto-isolation.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);

const OBJECTS = 240;
/** serverless.yml's COUNTER_SHARDS. */
const SHARDS = 128;
/** Concurrent batches per round, each of BATCH messages (an SQS batch as the handler gets it). */
const CALLERS = 24;
const BATCH = 10;
const ROUNDS = 1;
/** Objects one round touches: each is in exactly two callers' batches (see `roundBatches`). */
const PER_ROUND = (CALLERS * BATCH) / 2;

const keyOf = (i: number, dir = 'burst') => `${dir}/object-${String(i).padStart(5, '0')}.bin`;

/** The store, remembering every outcome its callers got. */
class RecordingStore extends DynamoTrackerStore {
  readonly outcomes: RecordOutcome[] = [];

  override async record(events: ObjectEvent[]): Promise<RecordOutcome> {
    const outcome = await super.record(events);
    this.outcomes.push(outcome);
    return outcome;
  }
}

/**
 * Round `r`'s batches. Caller `c` gets objects `5c … 5c+9` of the round (wrapping), so each of the
 * round's objects sits in two neighbouring callers' batches, once in the first half of a batch and
 * once in the second. Object `o` (by its index in the round):
 * - `o % 4 == 0`: the same `Object Restore Initiated` twice (a duplicate across callers) → restoring;
 * - `o % 4 == 1`: the same `Object Restore Completed` twice → restored;
 * - otherwise Completed in one caller and Initiated in the other, racing → restored.
 */
function roundBatches(round: number): QueueMessage[][] {
  const batches: QueueMessage[][] = [];
  for (let c = 0; c < CALLERS; c++) {
    const batch: QueueMessage[] = [];
    for (let j = 0; j < BATCH; j++) {
      const o = (5 * c + j) % PER_ROUND;
      const index = round * PER_ROUND + o;
      const completed = o % 4 === 1 || (o % 4 !== 0 && j < 5);
      const detailType = completed ? 'Object Restore Completed' : 'Object Restore Initiated';
      batch.push({
        messageId: `r${round}-c${c}-m${j}`,
        // A redelivered fact keeps its time and request id (and so its event id), whichever copy it is.
        body: s3Event(detailType, 'archive', keyOf(index), { time: completed ? '2030-01-01T12:00:00Z' : '2030-01-01T01:00:00Z', id: `r${round}-c${c}-m${j}` }),
      });
    }
    batches.push(batch);
  }
  return batches;
}

/**
 * The counter shard items a TransactWriteItems request updates: its `Update`s of the ProgressTable
 * (marshalled or not, whichever layer of the client the middleware sees).
 */
function counterUpdatesOf(input: unknown, progressTable: string): string[] {
  const items = (input as { TransactItems?: Array<{ Update?: { TableName?: string; Key?: Record<string, unknown> } }> }).TransactItems ?? [];
  return items
    .map((i) => i.Update)
    .filter((u) => u?.TableName === progressTable)
    .map((u) => {
      const pk = u?.Key?.['pk'];
      return typeof pk === 'string' ? pk : String((pk as { S?: string } | undefined)?.S);
    });
}

function expectedFinal(o: number): ObjectState {
  return o % 4 === 0 ? 'restoring' : 'restored';
}

describeMoto('counter shards under concurrent writers (DynamoDB on moto)', () => {
  let moto: MotoServer;
  let client: DynamoDBClient;
  let tables: { objects: string; eventLog: string; progress: string };
  /** TransactWriteItems sent by the store, and how many came back cancelled. */
  const transactions = { sent: 0, cancelled: 0 };
  /** For each TransactWriteItems sent, in order: the counter shard items it updates (their pk). */
  const shardUpdates: string[][] = [];
  /** Injected TransactionConflict cancellations still to give: a count, or every one. */
  let injectConflicts: number | 'always' = 0;

  beforeAll(async () => {
    moto = await startMoto();
    const names = await createServiceTables(serviceDir, moto.endpoint, `w${Date.now()}`);
    tables = { objects: names['ObjectsTable'] as string, eventLog: names['EventLogTable'] as string, progress: names['ProgressTable'] as string };
    client = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    serialiseMotoWrites(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if ((context as { commandName?: string }).commandName !== 'TransactWriteItemsCommand') return next(args);
        transactions.sent += 1;
        shardUpdates.push(counterUpdatesOf(args.input, tables.progress));
        try {
          return await next(args);
        } catch (error) {
          if (error instanceof Error && error.name === 'TransactionCanceledException') transactions.cancelled += 1;
          throw error;
        }
      },
      { step: 'initialize', name: 'countTransactions', priority: 'high' },
    );
    // What DynamoDB answers when another transaction holds one of the items (here: the last, a
    // shard update): the whole transaction cancelled, `None` for the other items. Nothing is sent.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if ((context as { commandName?: string }).commandName !== 'TransactWriteItemsCommand' || injectConflicts === 0) return next(args);
        if (injectConflicts !== 'always') injectConflicts -= 1;
        const items = ((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length;
        const reasons = Array.from({ length: items }, (_, i) => (i === items - 1 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' }));
        throw new TransactionCanceledException({
          $metadata: { httpStatusCode: 400 },
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        });
      },
      { step: 'initialize', name: 'injectTransactionConflicts' },
    );
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  /** A ready job of `objects` objects, under the directory `jobId` (so no other job waits on them). */
  async function trackedJob(jobId: string, objects: number, dir = 'burst'): Promise<{ store: RecordingStore; deps: TrackerDeps & { logs: Array<Record<string, unknown>> } }> {
    const store = new RecordingStore({ client, tables });
    await store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: SHARDS });
    const registered = await store.registerObjects(
      jobId,
      Array.from({ length: objects }, (_, i) => ({ line: i + 1, bucket: 'archive', key: keyOf(i, dir) })),
    );
    expect(registered).toEqual({ registered: objects, duplicates: 0 });
    await store.markTrackingReady(jobId, { totalObjects: objects, manifestLines: objects, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
    return { store, deps: { ...testDeps(), store } };
  }

  it(`${CALLERS} concurrent batches of ${BATCH} (duplicates across batches) on a ${OBJECTS}-object job: exact counters, every transition once`, async () => {
    const { store, deps } = await trackedJob('burst-job', OBJECTS);
    const before = { ...transactions };
    const firstTransaction = shardUpdates.length;
    const results: RecordRestoreEventsResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      results.push(...(await Promise.all(roundBatches(round).map((batch) => recordRestoreEvents(deps, batch)))));
    }

    // No batch failed: a lost state condition is retried inside the store, never surfaced.
    expect(results.flatMap((r) => r.failedMessageIds)).toEqual([]);
    expect(deps.logs.filter((l) => l['level'] === 'error')).toEqual([]);
    // The callers really raced: some transactions were planned from a state another caller changed.
    expect(transactions.cancelled - before.cancelled).toBeGreaterThan(0);
    // Every transaction moved exactly one counter shard of the job, whatever it carried, on
    // shards spread over the job's 128 (each its own partition key).
    const sent = shardUpdates.slice(firstTransaction);
    expect(sent).toHaveLength(transactions.sent - before.sent);
    expect(sent.filter((pks) => pks.length !== 1)).toEqual([]);
    const shardPks = new Set(sent.flat());
    expect([...shardPks].every((pk) => /^JOB#burst-job#SHARD#(\d+)$/.test(pk) && Number(pk.split('#').at(-1)) < SHARDS)).toBe(true);
    expect(shardPks.size).toBeGreaterThan(Math.min(sent.length, SHARDS) / 2);

    // Each object's transitions form one path from `registered` to its final state: nothing applied twice.
    const byObject = new Map<string, ObjectTransition[]>();
    for (const t of store.outcomes.flatMap((o) => o.transitions)) byObject.set(t.objectId, [...(byObject.get(t.objectId) ?? []), t]);
    expect(byObject.size).toBe(ROUNDS * PER_ROUND);
    const finals = { restoring: 0, restored: 0 };
    for (const path of byObject.values()) {
      expect(path[0]!.from).toBe('registered');
      for (let i = 1; i < path.length; i++) expect(path[i]!.from).toBe(path[i - 1]!.to);
      finals[path.at(-1)!.to as 'restoring' | 'restored'] += 1;
    }
    const expected = { restoring: 0, restored: 0 };
    for (let o = 0; o < PER_ROUND; o++) expected[expectedFinal(o) as 'restoring' | 'restored'] += ROUNDS;
    expect(finals).toEqual(expected);
    expect(expected).toEqual({ restoring: (ROUNDS * PER_ROUND) / 4, restored: (3 * ROUNDS * PER_ROUND) / 4 });

    // The counters summed over the 128 shards are exact.
    const progress = await store.progress('burst-job');
    expect(progress?.counts).toEqual({ ...emptyCounts(), registered: OBJECTS - ROUNDS * PER_ROUND, ...expected });
    // Every distinct fact logged once: one per object for the pure duplicates, two for the races.
    const distinctFacts = ROUNDS * (PER_ROUND / 2 + PER_ROUND);
    expect(store.outcomes.reduce((sum, o) => sum + o.logged, 0)).toBe(distinctFacts);
    expect(store.outcomes.reduce((sum, o) => sum + o.duplicates, 0)).toBe(ROUNDS * CALLERS * BATCH - distinctFacts);
    // The by-state listing (GSI1) agrees with the counters.
    const restored = await store.listObjects('burst-job', { state: 'restored', limit: 1000 });
    expect(restored.objects).toHaveLength(expected.restored);
  }, 120_000);

  it('counts each expired copy once when two concurrent batches carry its expiry (an expiry is no transition, and still conditional)', async () => {
    const objects = 40;
    const { store, deps } = await trackedJob('expiry-job', objects, 'expiry');
    const restore = Array.from({ length: objects }, (_, i) => ({
      messageId: `done-${i}`,
      body: s3Event('Object Restore Completed', 'archive', keyOf(i, 'expiry'), { time: '2030-01-02T00:00:00Z', id: `done-${i}` }),
    }));
    for (let i = 0; i < objects; i += BATCH) expect((await recordRestoreEvents(deps, restore.slice(i, i + BATCH))).failedMessageIds).toEqual([]);
    expect(await store.progress('expiry-job')).toMatchObject({ counts: { ...emptyCounts(), restored: objects }, expired: 0 });
    const before = { ...transactions };
    const firstTransaction = shardUpdates.length;

    // Caller c gets objects 5c … 5c+9 (wrapping): each object's expiry is in two callers' batches.
    const callers = (2 * objects) / BATCH;
    const batches = Array.from({ length: callers }, (_, c) =>
      Array.from({ length: BATCH }, (_, j) => {
        const o = (5 * c + j) % objects;
        return { messageId: `x-c${c}-m${j}`, body: s3Event('Object Restore Expired', 'archive', keyOf(o, 'expiry'), { time: '2030-01-09T01:00:00Z', id: `x-c${c}-m${j}` }) };
      }),
    );
    const results = await Promise.all(batches.map((batch) => recordRestoreEvents(deps, batch)));

    expect(results.flatMap((r) => r.failedMessageIds)).toEqual([]);
    // Both copies of a fact were planned from an object without `expiredAt`: the second lost its condition.
    expect(transactions.cancelled - before.cancelled).toBeGreaterThan(0);
    expect(shardUpdates.slice(firstTransaction).filter((pks) => pks.length !== 1)).toEqual([]);
    // Every object expired exactly once, and stays restored.
    expect(await store.progress('expiry-job')).toMatchObject({ counts: { ...emptyCounts(), restored: objects }, expired: objects });
    const listed = await store.listObjects('expiry-job', { state: 'restored', limit: 1000 });
    expect(listed.objects.filter((o) => o.expiredAt === '2030-01-09T01:00:00Z')).toHaveLength(objects);
  }, 60_000);

  it('retries a transaction DynamoDB cancelled for a TransactionConflict (injected) and counts it once', async () => {
    const { store } = await trackedJob('conflict-retried', 40, 'retried');
    const before = { ...transactions };
    injectConflicts = 3;
    const events: ObjectEvent[] = Array.from({ length: BATCH }, (_, i) => {
      const ref = { bucket: 'archive', key: keyOf(i, 'retried') };
      return { jobId: 'conflict-retried', object: ref, tracked: ref, type: 'RestoreCompleted', eventId: `done-${i}`, at: '2030-01-02T00:00:00.000Z', source: 's3' };
    });

    const outcome = await store.record(events);

    expect(injectConflicts).toBe(0);
    expect({ sent: transactions.sent - before.sent, cancelled: transactions.cancelled - before.cancelled }).toEqual({ sent: 4, cancelled: 3 });
    expect(shardUpdates.slice(-4).map((pks) => pks.length)).toEqual([1, 1, 1, 1]);
    expect(outcome.transitions).toHaveLength(BATCH);
    expect(outcome.logged).toBe(BATCH);
    expect((await store.progress('conflict-retried'))?.counts).toEqual({ ...emptyCounts(), registered: 40 - BATCH, restored: BATCH });
  }, 60_000);

  it('fails the whole batch when the conflicts do not stop, and its redelivery counts exactly once', async () => {
    const { store, deps } = await trackedJob('conflict-redelivered', 40, 'redelivered');
    const batch = Array.from({ length: BATCH }, (_, i) => ({
      messageId: `m${i}`,
      body: s3Event('Object Restore Completed', 'archive', keyOf(i, 'redelivered'), { time: '2030-01-01T12:00:00Z' }),
    }));
    const before = { ...transactions };
    injectConflicts = 'always';
    let first: RecordRestoreEventsResult;
    try {
      first = await recordRestoreEvents(deps, batch);
    } finally {
      injectConflicts = 0;
    }

    // Every message goes back to the queue; nothing was counted; the events are in the log.
    expect(first.failedMessageIds.sort()).toEqual(batch.map((m) => m.messageId).sort());
    expect(transactions.sent - before.sent).toBe(8); // the store's MAX_ATTEMPTS
    expect(deps.logs).toEqual([expect.objectContaining({ level: 'error', msg: 'recording restore events failed', error: expect.objectContaining({ code: 'TransitionsContended' }) })]);
    expect((await store.progress('conflict-redelivered'))?.counts).toEqual({ ...emptyCounts(), registered: 40 });

    // SQS redelivers the batch: the log entries are found, the transitions applied once.
    const again = await recordRestoreEvents(deps, batch);
    expect(again).toMatchObject({ failedMessageIds: [], transitions: BATCH, duplicates: BATCH });
    expect((await store.progress('conflict-redelivered'))?.counts).toEqual({ ...emptyCounts(), registered: 40 - BATCH, restored: BATCH });
    const third = await recordRestoreEvents(deps, batch);
    expect(third).toMatchObject({ failedMessageIds: [], transitions: 0, duplicates: BATCH });
    expect((await store.progress('conflict-redelivered'))?.counts).toEqual({ ...emptyCounts(), registered: 40 - BATCH, restored: BATCH });
  }, 60_000);
});
