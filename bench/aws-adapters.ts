/**
 * The services on their AWS adapters: the end-to-end harness (local/test/e2e/harness: the three
 * services' real handlers on moto_server, the sandbox for S3 and S3 Control, Lambda's delivery
 * semantics in between, one invocation at a time) measured from inside the SDK clients.
 *
 * 1. DynamoDB write units per object: a job of `--objects` GLACIER objects from `POST /create-job`
 *    to `Complete`. Every DynamoDB write the handlers send is counted by an SDK middleware (per
 *    operation, items) and priced with DynamoDB's rules from the items themselves: the larger of
 *    the item before and after, rounded up to 1 KB, 2× in a transaction, plus each global
 *    secondary index entry written (a changed index key is a delete and a put). Item sizes follow
 *    DynamoDB's documented sizing (names + values; numbers ≈ 1 byte per 2 digits + 1). The item
 *    after an update is read back from moto outside the measurement. `ReturnConsumedCapacity:
 *    TOTAL` is added to every write to compare with what moto reports.
 *    Baseline: raw PutItem of as many object-shaped items on moto, 16 in flight (the store's).
 * 2. Sweep requests per 1,000 objects: jobs whose restore events are all dropped (sandbox
 *    `events.dropRate: 1`), restored, then one run of `sweepRestores`: ListObjectsV2 and
 *    HeadObject calls counted by the same middleware, for keys in one directory, in directories
 *    of 100, and one key per directory.
 * 3. Delay: wall time from the sandbox handing its last `Object Restore Completed` event to
 *    EventBridge (moto) to the notifier's SNS Publish of the `Complete` notification, restores
 *    spread over virtual time (5-minute steps). Baseline: the same measurement on the local runner
 *    (bench/runner.ts's method: SQLite, in-process bus, the sandbox at 14,400×), same invocation.
 *
 *   npm run bench:aws [-- --objects 1000 --sweep-objects 1000 --delay-objects 300 --only wcu,sweep,delay]
 *
 * Needs moto_server (pip install "moto[server]").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startE2E } from '../local/test/e2e/harness/index.js';
import type { E2E } from '../local/test/e2e/harness/index.js';
import { localRunnerDelay } from './local-runner-delay.js';
import { sandboxS3Client } from '../local/src/sandbox/clients.js';
import { MOTO_MISSING, motoAvailable } from '../tools/testing/moto.js';
import { compose } from '../services/restore-tracker/src/compose.js';
import { readConfig } from '../services/restore-tracker/src/config.js';
import { createSweepRestoresHandler } from '../services/restore-tracker/src/handlers/sweep-restores.js';
import { createServiceTables } from '../tools/testing/dynamo-tables.js';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '1000' },
    'sweep-objects': { type: 'string', default: '1000' },
    'delay-objects': { type: 'string', default: '300' },
    only: { type: 'string' },
  },
});
const OBJECTS = Number(values.objects);
const SWEEP_OBJECTS = Number(values['sweep-objects']);
const DELAY_OBJECTS = Number(values['delay-objects']);
const PARTS = new Set((values.only ?? 'wcu,sweep,delay').split(','));
const HOUR = 3_600_000;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---------------------------------------------------------------------------------------------
// DynamoDB item sizes and write units (developer guide, "Item sizes and formats", "Read/write
// capacity mode": 1 WCU per 1 KB written, rounded up; transactional writes 2 per KB; an update
// costs the larger of the item before and after; GSI writes at the standard rate).

type Item = Record<string, AttributeValue>;

function numberSize(text: string): number {
  const digits = text.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1 + (text.startsWith('-') ? 1 : 0);
}

function valueSize(value: AttributeValue): number {
  const v = value as unknown as Record<string, unknown>;
  if (typeof v['S'] === 'string') return Buffer.byteLength(v['S'] as string);
  if (typeof v['N'] === 'string') return numberSize(v['N'] as string);
  if (v['B'] !== undefined) return Buffer.byteLength(String(v['B']), 'base64');
  if (v['BOOL'] !== undefined || v['NULL'] !== undefined) return 1;
  if (Array.isArray(v['SS'])) return (v['SS'] as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
  if (Array.isArray(v['NS'])) return (v['NS'] as string[]).reduce((s, x) => s + numberSize(x), 0);
  if (Array.isArray(v['L'])) return 3 + (v['L'] as AttributeValue[]).reduce((s, x) => s + 1 + valueSize(x), 0);
  if (v['M'] && typeof v['M'] === 'object') return 3 + Object.entries(v['M'] as Item).reduce((s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  return 0;
}

function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((s, [k, v]) => s + Buffer.byteLength(k) + valueSize(v), 0);
}

const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

interface TableShape {
  keys: string[];
  indexes: Array<{ name: string; keys: string[]; projection: string; include: string[] }>;
}

function canonical(item: Item | undefined, only?: string[]): string {
  if (!item) return '';
  const names = Object.keys(item).filter((k) => !only || only.includes(k)).sort();
  return JSON.stringify(names.map((k) => [k, item[k]]));
}

/** GSI write units of one item change: puts, deletes and in-place updates of each index entry. */
function indexUnits(shape: TableShape, before: Item | undefined, after: Item | undefined): number {
  let total = 0;
  for (const index of shape.indexes) {
    const has = (item: Item | undefined) => item !== undefined && index.keys.every((k) => item[k] !== undefined);
    const projected = (item: Item | undefined): Item | undefined => {
      if (!item || index.projection === 'ALL') return item;
      const names = [...shape.keys, ...index.keys, ...(index.projection === 'INCLUDE' ? index.include : [])];
      return Object.fromEntries(Object.entries(item).filter(([k]) => names.includes(k)));
    };
    const [b, a] = [has(before), has(after)];
    if (!b && !a) continue;
    if (!b || !a) {
      total += units(itemSize(projected(b ? before : after)));
      continue;
    }
    if (index.keys.some((k) => JSON.stringify(before![k]) !== JSON.stringify(after![k]))) {
      total += units(itemSize(projected(before))) + units(itemSize(projected(after)));
    } else if (canonical(projected(before)) !== canonical(projected(after))) {
      total += units(Math.max(itemSize(projected(before)), itemSize(projected(after))));
    }
  }
  return total;
}

interface WriteTally {
  requests: number;
  items: number;
  baseUnits: number;
  indexUnits: number;
  /** What moto put in ConsumedCapacity. */
  motoUnits: number;
  failed: number;
}

/**
 * Counts what the services' SDK clients send, from inside the clients: every AWS SDK v3 client
 * in this process shares smithy's `Client.prototype.send`, so wrapping it once puts a middleware
 * on each client's stack the first time the client sends (the handlers build theirs lazily).
 */
class Meter {
  phase = 'setup';
  readonly writes = new Map<string, WriteTally>();
  readonly calls = new Map<string, number>();
  /** Called with each successful SNS Publish's message. */
  onPublish: (message: string) => void = () => undefined;
  sizing = true;
  private readonly items = new Map<string, Item>();
  private readonly shapes = new Map<string, TableShape>();
  private readonly excluded = new WeakSet<object>();
  private reader!: DynamoDBClient;

  install(motoEndpoint: string): void {
    this.reader = new DynamoDBClient({ endpoint: motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    this.excluded.add(this.reader.middlewareStack);
    const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => unknown };
    if (Object.getPrototypeOf(S3Client.prototype) !== base) throw new Error('the SDK clients do not share one smithy Client: cannot meter them');
    const original = base.send;
    const seen = new WeakSet<object>();
    type Stack = { add: (mw: unknown, options: unknown) => void };
    const meterStack = (stack: Stack) => {
      if (seen.has(stack) || this.excluded.has(stack)) return;
      seen.add(stack);
      stack.add(this.middleware(), { step: 'build', priority: 'high', name: 'benchMeter' });
    };
    base.send = function (this: { middlewareStack: Stack }, ...args: unknown[]) {
      meterStack(this.middlewareStack);
      return original.apply(this, args);
    };
  }

  close(): void {
    this.reader?.destroy();
  }

  count(name: string): number {
    return this.calls.get(name) ?? 0;
  }

  resetCalls(): void {
    this.calls.clear();
  }

  private middleware() {
    return (next: (args: unknown) => Promise<{ output: Record<string, unknown> }>, context: { clientName?: string; commandName?: string }) =>
      async (args: { input: Record<string, unknown>; request: { body?: unknown; headers: Record<string, string> } }) => {
        const service = (context.clientName ?? '').replace(/Client$/, '');
        const operation = (context.commandName ?? '').replace(/Command$/, '');
        const name = `${service}:${operation}`;
        this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
        const writes = service === 'DynamoDB' ? this.writesOf(operation, args.request) : undefined;
        try {
          const result = await next(args);
          if (writes) await this.tally(name, writes, result.output, true);
          if (name === 'SNS:Publish') this.onPublish(String(args.input['Message'] ?? ''));
          return result;
        } catch (error) {
          if (writes) await this.tally(name, writes, undefined, false);
          throw error;
        }
      };
  }

  /** The items a DynamoDB write names, and ReturnConsumedCapacity added to its body. */
  private writesOf(operation: string, request: { body?: unknown; headers: Record<string, string> }) {
    const kinds = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
    if (!kinds.includes(operation)) return undefined;
    // The JSON protocol's body: a string, or bytes with the newer serializers.
    const text = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : undefined;
    if (text === undefined) throw new Error(`cannot read the body of a DynamoDB ${operation}`);
    const body = JSON.parse(text) as Record<string, unknown>;
    body['ReturnConsumedCapacity'] = 'TOTAL';
    request.body = JSON.stringify(body);
    const list: Array<{ table: string; key?: Item; put?: Item; transactional: boolean }> = [];
    const one = (op: Record<string, unknown>, transactional: boolean) =>
      list.push({ table: op['TableName'] as string, key: op['Key'] as Item | undefined, put: op['Item'] as Item | undefined, transactional });
    if (operation === 'TransactWriteItems') {
      for (const entry of body['TransactItems'] as Array<Record<string, Record<string, unknown>>>) {
        if (entry['ConditionCheck']) continue;
        one((entry['Put'] ?? entry['Update'] ?? entry['Delete'])!, true);
      }
    } else if (operation === 'BatchWriteItem') {
      for (const [table, requests] of Object.entries(body['RequestItems'] as Record<string, Array<Record<string, Record<string, unknown>>>>)) {
        for (const r of requests) list.push({ table, key: r['DeleteRequest']?.['Key'] as Item | undefined, put: r['PutRequest']?.['Item'] as Item | undefined, transactional: false });
      }
    } else {
      one(body, false);
    }
    return list;
  }

  private async shape(table: string): Promise<TableShape> {
    const known = this.shapes.get(table);
    if (known) return known;
    const { Table } = await this.reader.send(new DescribeTableCommand({ TableName: table }));
    const shape: TableShape = {
      keys: (Table?.KeySchema ?? []).map((k) => k.AttributeName!),
      indexes: (Table?.GlobalSecondaryIndexes ?? []).map((i) => ({
        name: i.IndexName!,
        keys: (i.KeySchema ?? []).map((k) => k.AttributeName!),
        projection: i.Projection?.ProjectionType ?? 'ALL',
        include: i.Projection?.NonKeyAttributes ?? [],
      })),
    };
    this.shapes.set(table, shape);
    return shape;
  }

  private async tally(name: string, writes: Array<{ table: string; key?: Item; put?: Item; transactional: boolean }>, output: Record<string, unknown> | undefined, ok: boolean) {
    const tally = this.writes.get(`${this.phase}|${name}`) ?? { requests: 0, items: 0, baseUnits: 0, indexUnits: 0, motoUnits: 0, failed: 0 };
    this.writes.set(`${this.phase}|${name}`, tally);
    tally.requests += 1;
    if (!ok) {
      // A failed conditional write still consumes capacity (at least 1 unit per item named).
      tally.failed += 1;
      tally.baseUnits += writes.reduce((s, w) => s + (w.transactional ? 2 : 1) * units(Math.max(itemSize(w.put), itemSize(this.items.get(this.id(w))))), 0);
      return;
    }
    tally.items += writes.length;
    const consumed = output?.['ConsumedCapacity'];
    for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{ CapacityUnits?: number }>) tally.motoUnits += c.CapacityUnits ?? 0;
    if (!this.sizing) return;
    await Promise.all(
      writes.map(async (w) => {
        const shape = await this.shape(w.table);
        const key = w.key ?? Object.fromEntries(shape.keys.map((k) => [k, w.put![k]!]));
        const id = this.id({ table: w.table, key });
        const before = this.items.get(id);
        const after = w.put ?? (await this.reader.send(new GetItemCommand({ TableName: w.table, Key: key, ConsistentRead: true }))).Item;
        tally.baseUnits += (w.transactional ? 2 : 1) * units(Math.max(itemSize(before), itemSize(after)));
        tally.indexUnits += indexUnits(shape, before, after);
        if (after) this.items.set(id, after);
        else this.items.delete(id);
      }),
    );
  }

  private id(w: { table: string; key?: Item; put?: Item }): string {
    return `${w.table}\u0000${canonical(w.key ?? w.put, w.key ? undefined : ['pk', 'sk'])}`;
  }
}

// ---------------------------------------------------------------------------------------------

async function seedJob(e: E2E, bucket: string, count: number): Promise<{ bucket: string; key: string }> {
  const res = await fetch(`${e.sandbox.endpoint}/_sandbox/seed`, {
    method: 'POST',
    body: JSON.stringify({ bucket, count, classes: { GLACIER: 1 }, awkwardShare: 0, eventBridge: true }),
  });
  if (res.status !== 201) throw new Error(`seed: ${await res.text()}`);
  return ((await res.json()) as { manifest: { bucket: string; key: string } }).manifest;
}

async function createJob(e: E2E, manifest: { bucket: string; key: string }): Promise<string> {
  const created = await e.api('POST', '/create-job', { bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1 });
  if (created.status !== 202) throw new Error(`create-job: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body['BulkJobId'] as string;
}

async function jobView(e: E2E, jobId: string): Promise<{ Status: string; Counts: Record<string, number> }> {
  return (await e.api('GET', `/jobs/${jobId}`)).body as { Status: string; Counts: Record<string, number> };
}

async function faults(e: E2E, settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.sandbox.endpoint}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify(settings) });
  if (res.status !== 200) throw new Error(`faults: ${await res.text()}`);
}

async function rawPutRate(endpoint: string, count: number): Promise<number> {
  const tables = await createServiceTables(path.resolve('services/restore-tracker'), endpoint, `baseline${Date.now()}`);
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const pk = `OBJ#${i.toString(16).padStart(40, '0')}`;
        await client.send(
          new PutItemCommand({
            TableName: tables['ObjectsTable'],
            Item: {
              pk: { S: pk }, sk: { S: 'JOB#baseline#V#*' }, jobId: { S: 'baseline' }, bucket: { S: 'bench-wcu' }, objectKey: { S: `data/object-${i}.bin` },
              objectId: { S: i.toString(16).padStart(64, '0') }, state: { S: 'registered' }, shard: { N: String(i % 16) }, line: { N: String(i + 1) },
              gsi1pk: { S: 'JOB#baseline' }, gsi1sk: { S: `registered#${pk}` },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  return count / seconds;
}

/** Sum of tallies whose key matches. */
function sum(meter: Meter, match: (phase: string, name: string) => boolean): WriteTally {
  const total: WriteTally = { requests: 0, items: 0, baseUnits: 0, indexUnits: 0, motoUnits: 0, failed: 0 };
  for (const [key, t] of meter.writes) {
    const [phase, name] = key.split('|') as [string, string];
    if (!match(phase, name)) continue;
    for (const k of Object.keys(total) as Array<keyof WriteTally>) total[k] += t[k];
  }
  return total;
}

async function writeUnits(e: E2E, meter: Meter): Promise<void> {
  const baseline = await rawPutRate(e.moto.endpoint, OBJECTS);
  const manifest = await seedJob(e, 'bench-wcu', OBJECTS);
  meter.phase = 'registration';
  const jobId = await createJob(e, manifest);
  await e.settle();
  const onCreated = e.runtime.invocations.filter((i) => i.function === 'restore-tracker/onJobCreated' && i.ok).at(-1);
  meter.phase = 'restore';
  await e.advance(14 * HOUR, 2 * HOUR);
  const view = await jobView(e, jobId);
  if (view.Status !== 'Complete' || view.Counts['restored'] !== OBJECTS) throw new Error(`job ended ${view.Status} ${JSON.stringify(view.Counts)}`);
  meter.phase = 'after';

  const registrationRate = OBJECTS / ((onCreated?.ms ?? NaN) / 1000);
  console.log(`\n1. DynamoDB writes, ${fmt(OBJECTS)}-object job (GLACIER, BULK) to Complete on moto; per object, computed with DynamoDB's sizing:`);
  console.log(`   registration (the tracker's onJobCreated): ${fmt(registrationRate)} objects/s; baseline raw PutItem on moto, 16 in flight: ${fmt(baseline)} items/s; ratio ${fmt(registrationRate / baseline, 2)}`);
  console.log('   phase        operation                        requests    items   base WCU  GSI WCU  moto-reported  failed');
  for (const [key, t] of [...meter.writes].sort()) {
    const [phase, name] = key.split('|') as [string, string];
    if (phase === 'setup') continue;
    console.log(
      `   ${phase.padEnd(12)} ${name.padEnd(32)} ${fmt(t.requests).padStart(8)} ${fmt(t.items).padStart(8)} ${fmt(t.baseUnits).padStart(10)} ${fmt(t.indexUnits).padStart(8)} ${fmt(t.motoUnits, 1).padStart(14)} ${fmt(t.failed).padStart(7)}`,
    );
  }
  for (const phase of ['registration', 'restore']) {
    const t = sum(meter, (p) => p === phase);
    console.log(`   ${phase}: ${fmt((t.baseUnits + t.indexUnits) / OBJECTS, 2)} WCU per object (${fmt(t.baseUnits / OBJECTS, 2)} table + ${fmt(t.indexUnits / OBJECTS, 2)} GSI); moto reported ${fmt(t.motoUnits / OBJECTS, 2)}`);
  }
  const all = sum(meter, (p) => p === 'registration' || p === 'restore');
  console.log(`   total: ${fmt((all.baseUnits + all.indexUnits) / OBJECTS, 2)} WCU per object; ${fmt(all.requests / OBJECTS, 2)} write requests per object`);
}

async function sweepRequests(e: E2E, meter: Meter): Promise<void> {
  // The sweep leaves jobs younger than SWEEP_AFTER_MINUTES (60) alone, by the wall clock, and the
  // harness's jobs are minutes old: the same handler, composed from the same environment but 0.
  const sweep = createSweepRestoresHandler(compose(readConfig({ ...process.env, SWEEP_AFTER_MINUTES: '0' }), { log: () => undefined }));
  meter.sizing = false;
  const layouts: Array<{ name: string; key: (i: number) => string }> = [
    { name: 'one directory', key: (i) => `shared/object-${String(i).padStart(6, '0')}.bin` },
    { name: 'directories of 100', key: (i) => `dirs/d${String(Math.floor(i / 100)).padStart(4, '0')}/object-${String(i).padStart(6, '0')}.bin` },
    { name: 'one key per directory', key: (i) => `scattered/${String(i).padStart(6, '0')}/object.bin` },
  ];
  const s3 = sandboxS3Client(e.sandbox.endpoint);
  await faults(e, { events: { dropRate: 1 } });
  console.log(`\n2. Reconciliation sweep, ${fmt(SWEEP_OBJECTS)} GLACIER objects restored with every restore event dropped; one sweepRestores run:`);
  try {
    for (const [n, layout] of layouts.entries()) {
      const bucket = `bench-sweep-${n}`;
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { EventBridgeConfiguration: {} } }));
      const lines: string[] = [];
      for (let i = 0; i < SWEEP_OBJECTS; i++) {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: layout.key(i), Body: 'x', StorageClass: 'GLACIER' }));
        lines.push(`${bucket},${encodeURIComponent(layout.key(i)).replace(/%2F/g, '/')}`);
      }
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'manifest.csv', Body: `${lines.join('\n')}\n` }));
      const jobId = await createJob(e, { bucket, key: 'manifest.csv' });
      await e.settle();
      // The Batch job runs and every restore completes (Bulk: 5-12 h); no schedule runs, no event arrives.
      for (let h = 0; h < 14; h++) {
        e.sandbox.clock.advance(HOUR);
        await e.settle();
      }
      const before = await jobView(e, jobId);
      meter.resetCalls();
      const started = performance.now();
      await sweep({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} } as never, {} as never);
      const ms = performance.now() - started;
      const [list, head] = [meter.count('S3:ListObjectsV2'), meter.count('S3:HeadObject')];
      await e.settle();
      const after = await jobView(e, jobId);
      console.log(
        `   ${layout.name.padEnd(22)} ListObjectsV2 ${fmt(list).padStart(5)}  HeadObject ${fmt(head).padStart(5)}  = ${fmt(((list + head) * 1000) / SWEEP_OBJECTS, 1)} requests per 1,000 objects; ` +
          `job ${before.Status} (${before.Counts['registered']} registered) → ${after.Status} (${after.Counts['restored']} restored); sweep run ${fmt(ms / 1000, 1)} s`,
      );
    }
  } finally {
    await faults(e, { events: { dropRate: 0 } });
    s3.destroy();
    meter.sizing = true;
  }
}

async function motoDelay(e: E2E, meter: Meter): Promise<number> {
  meter.sizing = false;
  const manifest = await seedJob(e, 'bench-delay', DELAY_OBJECTS);
  let lastCompleted = 0;
  let finishedAt = 0;
  e.sandbox.context.events.setDestinations({
    eventBridge: { endpoint: e.moto.endpoint },
    callback: (delivery) => {
      if (delivery.kind === 'eventbridge' && delivery.event['detail-type'] === 'Object Restore Completed') lastCompleted = performance.now();
    },
  });
  meter.onPublish = (message) => {
    if (finishedAt === 0 && message.includes('"EventType":"Finished"') && message.includes('"Status":"Complete"')) finishedAt = performance.now();
  };
  const jobId = await createJob(e, manifest);
  await e.settle();
  // Restores spread over 5-12 virtual hours; 5-minute steps, schedules running as deployed.
  await e.advance(13 * HOUR, 5 * 60_000);
  const view = await jobView(e, jobId);
  if (view.Status !== 'Complete' || finishedAt === 0) throw new Error(`delay job ended ${view.Status}`);
  return finishedAt - lastCompleted;
}

/** The same delay on the local runner (bench/local-runner-delay.ts, as bench:runner measures it). */
async function runnerDelay(objects: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-aws-runner-'));
  try {
    return await localRunnerDelay(dir, objects);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!motoAvailable()) {
  console.error(MOTO_MISSING);
  process.exit(1);
}
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
const meter = new Meter();
const e = await startE2E();
meter.install(e.moto.endpoint);
try {
  if (PARTS.has('wcu')) await writeUnits(e, meter);
  if (PARTS.has('sweep')) await sweepRequests(e, meter);
  if (PARTS.has('delay')) {
    const moto = await motoDelay(e, meter);
    const runner = await runnerDelay(DELAY_OBJECTS);
    console.log(`\n3. Last Object Restore Completed delivered → Complete notification, ${fmt(DELAY_OBJECTS)} GLACIER objects, wall time:`);
    console.log(`   AWS adapters on moto (harness, 5-minute virtual steps): ${fmt(moto)} ms; local runner (SQLite, 14,400x, same invocation): ${fmt(runner)} ms; ratio ${fmt(moto / Math.max(runner, 1), 1)}`);
  }
} finally {
  meter.close();
  await e.close();
}
