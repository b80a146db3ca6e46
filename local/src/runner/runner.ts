/**
 * The local runner: the three services' handlers in one process, wired from their own
 * serverless.yml files (routes, event patterns, queues and their batching, schedules), over the
 * embedded stand-ins — SQLite for the tables, the in-process bus for EventBridge, durable local
 * queues for SQS and Lambda's asynchronous invocations, local notification sinks for SNS/SQS —
 * and the sandbox for S3 (or real S3 with the user's credentials).
 *
 * Durability: every queued message is a row in the database until it is handled, so a runner
 * killed at any point picks up where it was on the next start with the same file (the handlers
 * are retry-safe, as Lambda's at-least-once delivery already requires).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Notification } from '@s3-bulk-restore/shared';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { FanoutSink } from '../../../services/notifier/src/adapters/local/fanout-sink.js';
import { NdjsonFileSink } from '../../../services/notifier/src/adapters/local/ndjson-file-sink.js';
import { SseHub } from '../../../services/notifier/src/adapters/local/sse-hub.js';
import { WebhookSink } from '../../../services/notifier/src/adapters/local/webhook-sink.js';
import type { NotificationAttributes, NotificationSink } from '../../../services/notifier/src/app/ports.js';
import { startSandbox } from '../sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../sandbox/index.js';
import { readAllServices } from '../wiring/index.js';
import type { BusRef, ComposedService, FunctionWiring, QueueWiring } from '../wiring/index.js';
import { InProcessBus } from './bus/in-process-bus.js';
import type { BusEvent } from './bus/in-process-bus.js';
import { LocalQueue } from './bus/queue.js';
import type { QueueClock, QueueRecord } from './bus/queue.js';
import { serviceEnvironment } from './environment.js';
import type { LocalAccount, ProvidedResources } from './environment.js';
import type { Gateway } from './gateway.js';
import { startGateway } from './gateway.js';
import { hostFunction } from './host.js';
import type { HostedFunction } from './host.js';
import { SqliteQueueJournal } from './journal.js';
import { Scheduler, rateMs } from './schedules.js';
import { SERVICE_COMPOSERS } from './services.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Lambda retries a failed asynchronous invocation after about a minute, twice. */
const ASYNC_RETRY_MS = 60_000;
const ASYNC_ATTEMPTS = 3;

export interface SandboxSettings {
  /** 0: any free port. */
  port?: number;
  timeScale?: number;
  clockMode?: 'scaled' | 'manual';
  startTime?: number;
  seed?: number;
  /** Keeps the sandbox's S3 state across restarts (default: beside the database file). */
  dataDir?: string;
  faults?: SandboxOptions['faults'];
  batchTasksPerSecond?: number;
}

export interface AwsSettings {
  region: string;
  accountId: string;
  /** Where Batch Operations writes completion reports. */
  reportBucket: string;
  /** The role Batch Operations assumes. */
  batchRoleArn: string;
  /** Extra environment for the SDK (`AWS_ENDPOINT_URL`, …); credentials come from the default chain. */
  env?: Record<string, string | undefined>;
}

export interface RunnerOptions {
  /** The database file (`:memory:` keeps nothing). */
  db: string;
  /** The sandbox (default) or real AWS. */
  aws?: AwsSettings;
  sandbox?: SandboxSettings;
  /** API port on 127.0.0.1 (0: any free port; default 3000). */
  port?: number;
  host?: string;
  /** The `x-api-key` the API requires; generated when absent. */
  apiKey?: string;
  stage?: string;
  /** Every notification is appended here as one NDJSON line. */
  notificationsFile?: string;
  webhook?: { url: string; secret?: string };
  /** One structured log entry per handled event, error or warning. Default: errors to stderr. */
  log?: (entry: Record<string, unknown>) => void;
  /** Where serverless-compose.yml is (default: this repository). */
  repoRoot?: string;
  /** Values that replace what the services' serverless.yml sets (`{ SWEEP_AFTER_MINUTES: '0' }`). */
  environment?: Record<string, string>;
}

export type NotificationListener = (notification: Notification, attributes: NotificationAttributes) => void;

export interface Runner {
  apiUrl: string;
  apiKey: string;
  /** The sandbox's S3 endpoint (also S3 Control and `/_sandbox/`), in sandbox mode. */
  s3Endpoint?: string;
  sandbox?: Sandbox;
  /** The runner's clock: the sandbox's virtual time, or the wall clock against AWS. */
  clock: QueueClock;
  bus: InProcessBus;
  db: SqliteDatabase;
  services: ComposedService[];
  functions: ReadonlyMap<string, HostedFunction>;
  queues: ReadonlyMap<string, LocalQueue>;
  /** The schedules, by function. */
  schedules: ReadonlyArray<{ name: string; everyMs: number }>;
  /** Listen to every notification the notifier sends; returns what stops listening. */
  onNotification(listener: NotificationListener): () => void;
  /** Run a function now, as its schedule would (tests, `--poll-now`). */
  invoke(name: string, event?: unknown): Promise<unknown>;
  /** Resolves when nothing is queued or running (with a manual clock, advance it meanwhile). */
  idle(): Promise<void>;
  /**
   * Resolves when nothing can happen until time passes: no handler running, no batch due, the
   * sandbox's outbox empty. With a manual clock: `await runner.quiet(); clock.advance(…)`.
   */
  quiet(): Promise<void>;
  close(): Promise<void>;
}

/** A sink that calls in-process listeners (the demo's progress bar, tests). */
class ListenerSink implements NotificationSink {
  readonly listeners = new Set<NotificationListener>();
  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    for (const listener of this.listeners) listener(notification, attributes);
  }
}

const stderrLog = (entry: Record<string, unknown>): void => {
  if (entry['level'] === 'error' || entry['level'] === 'ERROR') process.stderr.write(`${JSON.stringify(entry)}\n`);
};

export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const log = options.log ?? stderrLog;
  const stage = options.stage ?? 'local';
  const repoRoot = options.repoRoot ?? REPO_ROOT;
  const services = Object.values(readAllServices(repoRoot, { stage, ...(options.aws ? { region: options.aws.region } : {}) }));
  if (options.db !== ':memory:') mkdirSync(path.dirname(path.resolve(options.db)), { recursive: true });
  const db = openDatabase(options.db);
  const closers: Array<() => Promise<void> | void> = [() => void db.close()];
  try {
    return await assemble();
  } catch (error) {
    for (const close of closers.reverse()) await close();
    throw error;
  }

  async function assemble(): Promise<Runner> {
    const busName = `s3-bulk-restore-${stage}`;
    // S3 events from the sandbox (a restarted one re-sends what it had not sent) wait here until
    // every rule is subscribed.
    const early: Array<[string, BusEvent[]]> = [];
    let route = (busName: string, events: BusEvent[]): void => void early.push([busName, events]);
    let sandbox: Sandbox | undefined;
    let clock: QueueClock;
    let account: LocalAccount;
    let provided: ProvidedResources;
    let awsEnv: Record<string, string>;
    let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;

    if (options.aws) {
      const aws = options.aws;
      clock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms).unref() };
      account = { accountId: aws.accountId, region: aws.region, busName };
      provided = providedResources(account, aws.reportBucket, aws.batchRoleArn);
      awsEnv = { ...definedOnly(aws.env ?? {}), AWS_REGION: aws.region };
    } else {
      const settings = options.sandbox ?? {};
      const dataDir = settings.dataDir ?? (options.db === ':memory:' ? undefined : `${path.resolve(options.db)}.sandbox`);
      sandbox = await startSandbox({
        port: settings.port ?? 0,
        timeScale: settings.timeScale ?? 3600,
        clockMode: settings.clockMode ?? 'scaled',
        ...(settings.startTime === undefined ? {} : { startTime: settings.startTime }),
        ...(settings.seed === undefined ? {} : { seed: settings.seed }),
        // The sandbox rewrites its whole state as JSON: at most once a second here (a restart
        // re-runs what the last snapshot missed; its events are re-sent, duplicates are harmless).
        ...(dataDir ? { dataDir, persistIntervalMs: 1000 } : {}),
        ...(settings.faults ? { faults: settings.faults } : {}),
        ...(settings.batchTasksPerSecond ? { batchTasksPerSecond: settings.batchTasksPerSecond } : {}),
        // S3 puts its events on the account's default bus; the services' rules take them from there.
        destinations: {
          callback: (delivery) => {
            if (delivery.kind === 'eventbridge') route('default', [delivery.event as unknown as BusEvent]);
          },
        },
        log: (message) => {
          if (!message.startsWith('events: no ')) log({ level: 'warn', msg: message, component: 'sandbox' });
        },
      });
      const box = sandbox;
      closers.push(() => box.close());
      clock = {
        now: () => box.clock.now(),
        setTimeout: (callback, ms) => box.clock.schedule(box.clock.now() + ms, () => callback()),
      };
      account = { accountId: box.context.accountId, region: box.context.region, busName };
      provided = providedResources(account, `s3-bulk-restore-${stage}-reports`, `arn:aws:iam::${account.accountId}:role/s3-bulk-restore-${stage}-batch`);
      credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
      awsEnv = { AWS_REGION: account.region, AWS_ENDPOINT_URL_S3: box.endpoint, AWS_ENDPOINT_URL_S3_CONTROL: box.endpoint };
      const s3 = new S3Client({ region: account.region, endpoint: box.endpoint, forcePathStyle: true, credentials });
      await s3.send(new CreateBucketCommand({ Bucket: provided['ReportBucket']!.ref })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
      });
      s3.destroy();
    }

    const bus = new InProcessBus({ busName, account: account.accountId, region: account.region, now: () => clock.now() });
    const journal = new SqliteQueueJournal(db);
    closers.push(() => journal.flush());
    const now = () => new Date(clock.now());

    const listeners = new ListenerSink();
    const sse = new SseHub();
    const sinks: NotificationSink[] = [listeners, sse];
    if (options.notificationsFile) sinks.push(new NdjsonFileSink({ file: options.notificationsFile }));
    if (options.webhook) sinks.push(new WebhookSink({ url: options.webhook.url, ...(options.webhook.secret ? { secret: options.webhook.secret } : {}) }));
    const sink = new FanoutSink(sinks);

    const functions = new Map<string, HostedFunction>();
    const queues = new Map<string, LocalQueue>();
    const schedules: Array<{ name: string; everyMs: number }> = [];
    const scheduler = new Scheduler(clock, (task, error) => log({ level: 'error', msg: `scheduled run of ${task} failed`, error: String((error as Error)?.message ?? error) }));
    closers.push(() => scheduler.stop());

    const busNameOf = (ref: BusRef): string => (ref === 'custom' ? busName : ref);
    const queueFor = (service: ComposedService, wiring: QueueWiring, batch: { batchSize: number; windowMs: number }): LocalQueue => {
      const name = `${service.key}/${wiring.logicalId}`;
      let queue = queues.get(name);
      if (!queue) {
        queue = new LocalQueue(name, {
          batchSize: batch.batchSize,
          maximumBatchingWindowMs: batch.windowMs,
          visibilityTimeoutMs: (wiring.visibilityTimeoutSeconds ?? 30) * 1000,
          // No redrive policy: SQS keeps redelivering until the retention period ends.
          maxReceiveCount: wiring.redrive?.maxReceiveCount ?? Number.MAX_SAFE_INTEGER,
          clock,
          journal,
        });
        queues.set(name, queue);
      }
      return queue;
    };

    for (const service of services) {
      const compose = SERVICE_COMPOSERS[service.key];
      if (!compose) throw new Error(`serverless-compose.yml lists a service ${service.key} the local runner does not know`);
      const env = { ...serviceEnvironment(service, account, provided), ...awsEnv, ...options.environment };
      const app = compose({ env, ...(credentials ? { credentials } : {}), db, bus, sink, now, log });
      for (const fn of service.functions) {
        const hosted = await hostFunction(service, fn, app, log);
        functions.set(hosted.name, hosted);
        wireEvents(service, fn, hosted);
      }
    }
    // Rules declared as resources: S3's events forwarded from the default bus, the tracker's queue.
    for (const service of services) {
      for (const rule of service.rules) {
        for (const target of rule.targets) {
          if (target.kind === 'sqs') {
            const wiring = service.queues.find((q) => q.logicalId === target.queueLogicalId);
            if (!wiring) throw new Error(`${service.key}: rule ${rule.logicalId} targets a queue ${target.queueLogicalId} it does not declare`);
            bus.subscribe(busNameOf(rule.bus), rule.pattern, queueFor(service, wiring, { batchSize: 10, windowMs: 0 }));
          } else if (target.kind === 'bus') {
            const to = busNameOf(target.bus);
            const forward = async (event: BusEvent) => bus.route(to, [event]);
            Object.defineProperty(forward, 'name', { value: `bus:${to}` });
            bus.subscribe(busNameOf(rule.bus), rule.pattern, forward);
          }
        }
      }
    }
    // Messages a previous process left undelivered, then what the sandbox sent meanwhile.
    for (const queue of queues.values()) queue.recover(journal.pending(queue.name));
    route = (name, events) => bus.route(name, events);
    for (const [name, events] of early.splice(0)) bus.route(name, events);

    function wireEvents(service: ComposedService, fn: FunctionWiring, hosted: HostedFunction): void {
      for (const event of fn.events) {
        switch (event.kind) {
          case 'http':
            break; // the gateway reads the routes itself
          case 'eventBridge': {
            // Lambda's asynchronous invocation: its own queue, retried after a minute, twice.
            const queue = new LocalQueue(`${hosted.name}#async`, {
              batchSize: 1,
              maximumBatchingWindowMs: 0,
              visibilityTimeoutMs: ASYNC_RETRY_MS,
              maxReceiveCount: ASYNC_ATTEMPTS,
              clock,
              journal,
            });
            queues.set(queue.name, queue);
            queue.consume(async (records) => {
              await hosted.invoke(JSON.parse(records[0]!.body));
            });
            bus.subscribe(busNameOf(event.bus), event.pattern, queue);
            break;
          }
          case 'sqs': {
            const wiring = service.queues.find((q) => q.logicalId === event.queueLogicalId);
            if (!wiring) throw new Error(`${hosted.name}: its sqs event names a queue ${event.queueLogicalId} the service does not declare`);
            const queue = queueFor(service, wiring, { batchSize: event.batchSize, windowMs: event.maximumBatchingWindow * 1000 });
            queue.consume(async (records) => {
              const response = (await hosted.invoke(sqsEvent(records, queue.name, account))) as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
              // Without ReportBatchItemFailures, a returned value means the whole batch succeeded.
              return event.reportBatchItemFailures && response?.batchItemFailures ? { batchItemFailures: response.batchItemFailures } : undefined;
            });
            break;
          }
          case 'schedule':
            schedules.push({ name: hosted.name, everyMs: rateMs(event.expression) });
            scheduler.add({ ...schedules.at(-1)!, run: () => hosted.invoke(scheduledEvent(clock.now(), account)) });
            break;
        }
      }
    }

    const apiKey = options.apiKey ?? randomBytes(20).toString('hex');
    const gateway: Gateway = await startGateway(services, {
      apiKey,
      stage,
      port: options.port ?? 3000,
      ...(options.host ? { host: options.host } : {}),
      invoke: (name, event) => {
        const fn = functions.get(name);
        if (!fn) throw new Error(`no function ${name}`);
        return fn.invoke(event);
      },
      extra: (req, res, url) => {
        if (req.method !== 'GET' || url.pathname !== '/events') return false;
        // EventSource cannot set headers: the key may come as ?api_key= too.
        if (req.headers['x-api-key'] !== apiKey && url.searchParams.get('api_key') !== apiKey) {
          res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Forbidden' }));
          return true;
        }
        const jobId = url.searchParams.get('job_id') ?? undefined;
        sse.attach(res, jobId ? { jobId } : {});
        return true;
      },
    });
    closers.push(() => gateway.close());

    return {
      apiUrl: gateway.url,
      apiKey,
      ...(sandbox ? { s3Endpoint: sandbox.endpoint, sandbox } : {}),
      clock,
      bus,
      db,
      services,
      functions,
      queues,
      schedules,
      onNotification(listener) {
        listeners.listeners.add(listener);
        return () => listeners.listeners.delete(listener);
      },
      invoke(name, event) {
        const fn = functions.get(name);
        if (!fn) throw new Error(`no function ${name}`);
        return fn.invoke(event ?? scheduledEvent(clock.now(), account));
      },
      async idle() {
        await sandbox?.context.events.flush();
        await bus.idle();
      },
      async quiet() {
        for (let calm = 0; calm < 3; ) {
          await sandbox?.context.events.flush();
          await new Promise((resolve) => setImmediate(resolve));
          const busy = bus.busy() || scheduler.busy() || [...queues.values()].some((q) => q.hasWorkNow());
          calm = busy ? 0 : calm + 1;
        }
      },
      async close() {
        for (const close of closers.reverse()) await close();
        closers.length = 0;
      },
    };
  }
}

function providedResources(account: LocalAccount, reportBucket: string, batchRoleArn: string): ProvidedResources {
  return {
    EventBus: { ref: account.busName, arn: `arn:aws:events:${account.region}:${account.accountId}:event-bus/${account.busName}` },
    ReportBucket: { ref: reportBucket, arn: `arn:aws:s3:::${reportBucket}` },
    BatchOperationsRole: { ref: batchRoleArn.split('/').pop()!, arn: batchRoleArn },
  };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** What an SQS event source mapping hands the function. */
function sqsEvent(records: QueueRecord[], queueName: string, account: LocalAccount): unknown {
  return {
    Records: records.map((r) => ({
      messageId: r.messageId,
      receiptHandle: r.messageId,
      body: r.body,
      attributes: { ApproximateReceiveCount: String(r.receiveCount), SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${account.region}:${account.accountId}:${queueName.split('/').pop()}`,
      awsRegion: account.region,
    })),
  };
}

/** What an EventBridge schedule delivers. */
function scheduledEvent(at: number, account: LocalAccount): BusEvent {
  return {
    version: '0',
    id: `schedule-${at}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: account.accountId,
    time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    region: account.region,
    resources: [],
    detail: {},
  };
}
