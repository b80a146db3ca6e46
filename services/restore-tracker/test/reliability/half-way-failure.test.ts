/**
 * A batch of restore events that fails half-way, then is redelivered as SQS would (the same
 * bodies, the failed message ids): the counters end exact, the log holds each fact once and the
 * job ends with exactly one `JobFinished` — on DynamoDB (moto_server: a write refused part-way
 * through, the writes before it committed) and on SQLite (a real file: one transaction, rolled back).
 *
 * Each job: 10 objects; a completion report settles 4 (2 not archived → available, 2 missing →
 * failed); one batch of 13 messages (initiated + completed for the other 6, one completion twice)
 * settles the rest and completes the job. The fault is injected into that batch's writes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { EventBridgeBusPublisher } from '@s3-bulk-restore/shared';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import { logPk } from '../../src/adapters/aws/dynamo/layout.js';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import { createTrackerApp } from '../../src/app/app.js';
import type { TrackerDeps } from '../../src/app/deps.js';
import type { ReportedTask, TrackerStore } from '../../src/app/ports.js';
import { createOnJobCreatedHandler } from '../../src/handlers/on-job-created.js';
import { createOnRestoreEventsHandler } from '../../src/handlers/on-restore-events.js';
import { createPollBatchJobsHandler } from '../../src/handlers/poll-batch-jobs.js';
import { serialiseMotoWrites } from '../aws/moto-isolation.js';
import { FakeBatchJobs, FakeCompletionReports, FakeManifests, FakeObserver, RecordingBus, jobCreated, s3Event } from '../fakes/deps.js';
import { tempDatabaseFile } from '../sqlite/temp-database.js';
import type { TempDatabase } from '../sqlite/temp-database.js';

const context = { awsRequestId: 'r' } as unknown as Context;
const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const REPORT = { bucket: 'reports', prefix: 'reports/reliability' };
const RESTORED = 6;
const AVAILABLE = 2;
const FAILED = 2;
const TOTAL = RESTORED + AVAILABLE + FAILED;

/** Where the injected fault strikes, in the order the batch writes. */
type FaultPoint = 'second log append' | 'half the log appended' | 'second transition' | 'finish' | 'finish confirmation';

/** One store under test, with its fault injector and its ways to look inside. */
interface StoreHarness {
  deps: TrackerDeps;
  /** Whether a failed batch leaves nothing behind (one transaction) or what it wrote before the fault. */
  atomic: boolean;
  /** Arm a fault: the write at `point` fails once (the writes before it go through). */
  arm(point: FaultPoint): void;
  /** How many times an armed fault fired; disarms it. */
  disarm(): number;
  /** Resolves once no write of the store is in flight (a failed call's siblings may still be running). */
  quiet(): Promise<void>;
  /** The event ids in the job's log. */
  logged(jobId: string): Promise<string[]>;
  /** Every `JobFinished` published for the job so far. */
  finished(jobId: string): Promise<Array<Record<string, unknown>>>;
  clock: { now: Date };
  cleanup(): Promise<void>;
}

/** The tracker's handlers over `deps`, as Lambda (and the local runner) would call them. */
function handlersOf(deps: TrackerDeps) {
  const app = createTrackerApp(deps);
  return { onJobCreated: createOnJobCreatedHandler(app), onRestoreEvents: createOnRestoreEventsHandler(app), pollBatchJobs: createPollBatchJobsHandler(app) };
}

/** The fakes for S3 (manifest, Batch Operations, reports, sweep): the store and the bus are the real ones under test. */
function s3Fakes() {
  return { manifests: new FakeManifests(), batchJobs: new FakeBatchJobs(), reports: new FakeCompletionReports(), observer: new FakeObserver() };
}

async function runScenario(h: StoreHarness, fakes: ReturnType<typeof s3Fakes>, point: FaultPoint): Promise<void> {
  // Arrange: a registered job whose report settled 4 objects; 6 still restoring.
  const jobId = `half-${point.replaceAll(' ', '-')}`;
  const bucket = `archive-${jobId}`;
  const keys = Array.from({ length: TOTAL }, (_, i) => `obj-${i}.bin`);
  fakes.manifests.put(`${jobId}.csv`, keys.map((k) => `${bucket},${k}`).join('\n') + '\n');
  const handlers = handlersOf(h.deps);
  await handlers.onJobCreated({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail: jobCreated(jobId) }, context);
  const tasks: ReportedTask[] = [
    ...keys.slice(0, AVAILABLE).map((key) => ({ bucket, key, errorCode: 'InvalidObjectState', httpStatus: 403, message: "Restore is not allowed for the object's current storage class" })),
    ...keys.slice(AVAILABLE, AVAILABLE + FAILED).map((key) => ({ bucket, key, errorCode: 'NoSuchKey', httpStatus: 404, message: 'The specified key does not exist.' })),
  ];
  fakes.batchJobs.jobs.set(`batch-${jobId}`, { status: 'Complete', failureReasons: [], tasks: { total: TOTAL, succeeded: TOTAL - tasks.length, failed: tasks.length }, report: REPORT });
  fakes.reports.reports.set(`batch-${jobId}`, { at: REPORT, tasks });
  expect(await handlers.pollBatchJobs({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context)).toMatchObject({ reportTasks: AVAILABLE + FAILED, errors: 0 });
  const loggedBefore = await h.logged(jobId);
  expect(loggedBefore).toHaveLength(AVAILABLE + FAILED);
  const countsBefore = (await h.deps.store.progress(jobId))?.counts;
  expect(countsBefore).toMatchObject({ registered: RESTORED, available: AVAILABLE, failed: FAILED });

  const restoring = keys.slice(AVAILABLE + FAILED);
  const bodies = [
    ...restoring.map((k) => s3Event('Object Restore Initiated', bucket, k, { time: '2030-01-01T09:00:00Z' })),
    ...restoring.map((k) => s3Event('Object Restore Completed', bucket, k)),
  ];
  bodies.push(bodies[bodies.length - 1] as string); // S3 (EventBridge) delivered one completion twice
  const records = bodies.map((body, i) => ({ messageId: `${jobId}-m${i}`, body }) as SQSRecord);

  // Act 1: the batch, with a write refused part-way through.
  h.arm(point);
  const first = await handlers.onRestoreEvents({ Records: records }, context);
  await h.quiet();
  expect(h.disarm()).toBe(1);
  const failedIds = new Set(first.batchItemFailures.map((f) => f.itemIdentifier));
  // Half-way indeed: on DynamoDB the writes before the refused one stay; SQLite rolls the batch back.
  const between = (await h.deps.store.progress(jobId))?.counts;
  if (point !== 'finish' && point !== 'finish confirmation') {
    if (h.atomic) {
      expect((await h.logged(jobId)).sort()).toEqual([...loggedBefore].sort());
      expect(between).toEqual(countsBefore);
    } else {
      expect((await h.logged(jobId)).length).toBeGreaterThan(loggedBefore.length);
    }
  }
  if (!h.atomic && point === 'second transition') {
    expect(between?.restored).toBeGreaterThan(0);
    expect(between?.restored).toBeLessThan(RESTORED);
  }
  expect(failedIds.size).toBeGreaterThan(0);

  // Act 2: SQS redelivers the failed messages (same bodies), until none fails.
  let pending = records.filter((r) => failedIds.has(r.messageId));
  for (let delivery = 2; pending.length > 0; delivery++) {
    expect(delivery).toBeLessThanOrEqual(3);
    const again = await handlers.onRestoreEvents({ Records: pending }, context);
    const ids = new Set(again.batchItemFailures.map((f) => f.itemIdentifier));
    pending = pending.filter((r) => ids.has(r.messageId));
  }
  expect(await h.finished(jobId)).toHaveLength(1);
  // And the schedule runs once more after its republish grace period (60 s).
  h.clock.now = new Date(h.clock.now.getTime() + 5 * 60_000);
  await handlers.pollBatchJobs({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context);

  // Assert: exact counters, each fact logged once, one JobFinished Complete.
  const counts = { registered: 0, requested: 0, restoring: 0, restored: RESTORED, available: AVAILABLE, failed: FAILED };
  expect(await h.deps.store.progress(jobId)).toMatchObject({ status: 'Complete', totalObjects: TOTAL, counts, finishPublished: true });
  const logged = await h.logged(jobId);
  expect(logged).toHaveLength(AVAILABLE + FAILED + 2 * RESTORED);
  expect(new Set(logged).size).toBe(logged.length);
  const finished = await h.finished(jobId);
  const complete = expect.objectContaining({ jobId, status: 'Complete', progressPercent: 100, totalObjects: TOTAL, counts });
  if (point !== 'finish confirmation') {
    expect(finished).toEqual([complete]);
    return;
  }
  // JobFinished went out but its confirmation did not commit. The redelivered batch rightly
  // publishes nothing (it cannot tell this from a publish that failed), and the poller, after its
  // grace period, publishes the stored outcome again: two identical JobFinished. The bus and the
  // store cannot commit together, so this window is at-least-once (docs/architecture.md says
  // "exactly once"); consumers must treat a second JobFinished of a job as a copy.
  expect(finished).toEqual([complete, complete]);
  expect(finished[1]).toEqual(finished[0]);
}

const POINTS: FaultPoint[] = ['second log append', 'half the log appended', 'second transition', 'finish', 'finish confirmation'];

// ---------------------------------------------------------------------------------------------
// DynamoDB on moto_server

const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);

/** What a write request is, for the fault's predicate (the SDK's own command names and inputs). */
interface WriteRequest {
  command: string;
  table?: string;
  expression?: string;
}

const WRITE_COMMANDS = new Set(['PutItemCommand', 'UpdateItemCommand', 'TransactWriteItemsCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

/** Which write of the batch each fault point refuses (counted from when it is armed). */
function dynamoFault(point: FaultPoint, tables: Record<string, string>): (write: WriteRequest, seen: WriteRequest[]) => boolean {
  const ofKind = (seen: WriteRequest[], test: (w: WriteRequest) => boolean) => seen.filter(test).length;
  const isLogPut = (w: WriteRequest) => w.command === 'PutItemCommand' && w.table === tables['EventLogTable'];
  const isTransaction = (w: WriteRequest) => w.command === 'TransactWriteItemsCommand';
  switch (point) {
    case 'second log append':
      return (w, seen) => isLogPut(w) && ofKind(seen, isLogPut) === 2;
    case 'half the log appended':
      return (w, seen) => isLogPut(w) && ofKind(seen, isLogPut) === RESTORED + 1;
    case 'second transition':
      return (w, seen) => isTransaction(w) && ofKind(seen, isTransaction) === 2;
    case 'finish':
      return (w) => w.command === 'UpdateItemCommand' && Boolean(w.expression?.includes('outcome = :outcome'));
    case 'finish confirmation':
      return (w) => w.command === 'UpdateItemCommand' && Boolean(w.expression?.includes('finishPublished = :true'));
  }
}

/** A throttle as the application sees it once the SDK's own retries gave up. */
function throttled(): Error {
  return Object.assign(new Error('Throughput exceeds the current capacity of your table or index (injected)'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

describeMoto('a restore-event batch failing half-way on DynamoDB (moto_server)', () => {
  let moto: MotoServer;
  let h: StoreHarness;
  let fakes: ReturnType<typeof s3Fakes>;

  beforeAll(async () => {
    moto = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `hw${Date.now()}`);
    const options = { endpoint: moto.endpoint, region: 'us-east-1', credentials };
    const client = new DynamoDBClient(options);
    // The fault: counts the store's write requests on the real client and refuses the chosen one.
    let fault: ((write: WriteRequest, seen: WriteRequest[]) => boolean) | undefined;
    let seen: WriteRequest[] = [];
    let fired = 0;
    let inFlight = 0;
    let idle: Array<() => void> = [];
    client.middlewareStack.add(
      (next, ctx) => async (args) => {
        const command = String((ctx as { commandName?: string }).commandName);
        if (!WRITE_COMMANDS.has(command)) return next(args);
        const input = args.input as { TableName?: string; UpdateExpression?: string };
        const write: WriteRequest = { command, ...(input.TableName ? { table: input.TableName } : {}), ...(input.UpdateExpression ? { expression: input.UpdateExpression } : {}) };
        seen.push(write);
        if (fault?.(write, seen)) {
          fired += 1;
          throw throttled();
        }
        inFlight += 1;
        try {
          return await next(args);
        } finally {
          inFlight -= 1;
          if (inFlight === 0) for (const wake of idle.splice(0)) wake();
        }
      },
      // Above the SDK's retry middleware: the error is what the store sees after the SDK gave up.
      { step: 'initialize', name: 'injectWriteFault' },
    );
    serialiseMotoWrites(client);

    const events = new EventBridgeClient(options);
    const sqs = new SQSClient(options);
    await events.send(new CreateEventBusCommand({ Name: 'reliability-bus' }));
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'reliability-tracker-out' }))).QueueUrl as string;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
    await events.send(new PutRuleCommand({ Name: 'tracker-out', EventBusName: 'reliability-bus', EventPattern: JSON.stringify({ source: ['s3-bulk-restore.restore-tracker'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'tracker-out', EventBusName: 'reliability-bus', Targets: [{ Id: 'q', Arn: queueArn }] }));
    const received: Array<{ 'detail-type': string; detail: Record<string, unknown> }> = [];

    fakes = s3Fakes();
    const clock = { now: new Date('2030-01-01T12:00:00.000Z') };
    const tableNames = { objects: tables['ObjectsTable'] as string, eventLog: tables['EventLogTable'] as string, progress: tables['ProgressTable'] as string };
    const document = DynamoDBDocumentClient.from(client);
    h = {
      deps: {
        ...fakes,
        // Small transactions, so the batch's transitions take several (the default packs up to 100 items).
        store: new DynamoTrackerStore({ client, tables: tableNames, maxTransactionItems: 4 }),
        bus: new EventBridgeBusPublisher({ client: events, busName: 'reliability-bus' }),
        counterShards: 2,
        timeoutMarginHours: 12,
        registrationRangeBytes: 64 * 1024 * 1024,
        now: () => new Date(clock.now),
        log: () => undefined,
      },
      atomic: false,
      arm(point) {
        seen = [];
        fired = 0;
        fault = dynamoFault(point, tables);
      },
      disarm() {
        fault = undefined;
        return fired;
      },
      quiet: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
      async logged(jobId) {
        const ids: string[] = [];
        for (let shard = 0; shard < 2; shard++) {
          const out = await document.send(new QueryCommand({ TableName: tableNames.eventLog, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': logPk(jobId, shard) }, ConsistentRead: true }));
          ids.push(...(out.Items ?? []).map((item) => String(item['sk'])));
        }
        return ids;
      },
      async finished(jobId) {
        for (;;) {
          const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
          if (!got.Messages?.length) break;
          for (const m of got.Messages) {
            received.push(JSON.parse(m.Body as string));
            await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
          }
        }
        return received.filter((e) => e['detail-type'] === 'JobFinished' && e.detail['jobId'] === jobId).map((e) => e.detail);
      },
      clock,
      async cleanup() {
        client.destroy();
        events.destroy();
        sqs.destroy();
        idle = [];
      },
    };
  });
  afterAll(async () => {
    await h?.cleanup();
    await moto?.stop();
  });

  it.each(POINTS)('the write at "%s" refused: redelivery ends the job exact, once', async (point) => {
    await runScenario(h, fakes, point);
  });
});

// ---------------------------------------------------------------------------------------------
// SQLite on a real file

/**
 * Triggers that refuse the chosen write (RAISE(ABORT) fails the statement; the store's transaction
 * then rolls back). TEMP triggers live on this connection only; a TEMP table counts the writes.
 */
function sqliteFault(point: FaultPoint): string[] {
  const failAfter = (table: string, event: 'INSERT' | 'UPDATE', before: number) => [
    `CREATE TEMP TABLE IF NOT EXISTS fault_budget (remaining INTEGER NOT NULL)`,
    `DELETE FROM fault_budget`,
    `INSERT INTO fault_budget VALUES (${before})`,
    `CREATE TEMP TRIGGER injected_fault BEFORE ${event} ON main.${table}
       BEGIN
         SELECT RAISE(ABORT, 'injected fault') WHERE (SELECT remaining FROM fault_budget) <= 0;
         UPDATE fault_budget SET remaining = remaining - 1;
       END`,
  ];
  switch (point) {
    case 'second log append':
      return failAfter('tracker_event_log', 'INSERT', 1);
    case 'half the log appended':
      return failAfter('tracker_event_log', 'INSERT', RESTORED);
    case 'second transition':
      return failAfter('tracker_objects', 'UPDATE', 1);
    case 'finish':
      return [`CREATE TEMP TRIGGER injected_fault BEFORE UPDATE OF status ON main.tracker_jobs WHEN NEW.status = 'Complete' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`];
    case 'finish confirmation':
      return [`CREATE TEMP TRIGGER injected_fault BEFORE UPDATE OF finish_published ON main.tracker_jobs WHEN NEW.finish_published = 1 BEGIN SELECT RAISE(ABORT, 'injected fault'); END`];
  }
}

describe('a restore-event batch failing half-way on SQLite (a real file)', () => {
  let temp: TempDatabase;
  let db: SqliteDatabase;
  let h: StoreHarness;
  let fakes: ReturnType<typeof s3Fakes>;

  beforeAll(() => {
    temp = tempDatabaseFile();
    db = openDatabase(temp.file);
    fakes = s3Fakes();
    const bus = new RecordingBus();
    const clock = { now: new Date('2030-01-01T12:00:00.000Z') };
    const store: TrackerStore = new SqliteTrackerStore({ db });
    let fired = 0;
    // Count the faults that fired: every failed statement raised by the trigger passes through here.
    const record = store.record.bind(store);
    store.record = async (events) => {
      try {
        return await record(events);
      } catch (error) {
        if (String(error).includes('injected fault')) fired += 1;
        throw error;
      }
    };
    for (const method of ['finish', 'confirmFinishPublished'] as const) {
      const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
      (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        try {
          return await original(...args);
        } catch (error) {
          if (String(error).includes('injected fault')) fired += 1;
          throw error;
        }
      };
    }
    h = {
      deps: { ...fakes, store, bus, counterShards: 2, timeoutMarginHours: 12, registrationRangeBytes: 64 * 1024 * 1024, now: () => new Date(clock.now), log: () => undefined },
      atomic: true,
      arm(point) {
        fired = 0;
        for (const sql of sqliteFault(point)) db.exec(sql);
      },
      disarm() {
        db.exec('DROP TRIGGER IF EXISTS temp.injected_fault');
        return fired;
      },
      quiet: () => Promise.resolve(), // better-sqlite3 is synchronous: nothing is left in flight
      logged: async (jobId) => db.prepare('SELECT event_id FROM tracker_event_log WHERE job_id = ?').pluck().all(jobId) as string[],
      finished: async (jobId) => bus.ofType('JobFinished').filter((d) => d['jobId'] === jobId),
      clock,
      async cleanup() {
        db.close();
        temp.remove();
      },
    };
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it.each(POINTS)('the write at "%s" refused: redelivery ends the job exact, once', async (point) => {
    await runScenario(h, fakes, point);
  });

  it('rolls the whole batch back when a write inside it fails: no log entry, no counter moved', async () => {
    const jobId = 'rollback';
    const bucket = 'archive-rollback';
    const keys = ['a', 'b', 'c', 'd'];
    fakes.manifests.put(`${jobId}.csv`, keys.map((k) => `${bucket},${k}`).join('\n') + '\n');
    const handlers = handlersOf(h.deps);
    await handlers.onJobCreated({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail: jobCreated(jobId) }, context);
    const records = keys.map((k, i) => ({ messageId: `rb-${i}`, body: s3Event('Object Restore Completed', bucket, k) }) as SQSRecord);

    // The last object's transition fails after three were written in the same transaction.
    h.arm('second transition');
    db.exec('UPDATE fault_budget SET remaining = 3');
    const result = await handlers.onRestoreEvents({ Records: records }, context);
    expect(h.disarm()).toBe(1);

    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['rb-0', 'rb-1', 'rb-2', 'rb-3']);
    expect(await h.logged(jobId)).toEqual([]);
    expect((await h.deps.store.progress(jobId))?.counts).toMatchObject({ registered: 4, restored: 0 });
    expect(db.prepare("SELECT count(*) FROM tracker_objects WHERE job_id = ? AND state <> 'registered'").pluck().get(jobId)).toBe(0);
  });
});
