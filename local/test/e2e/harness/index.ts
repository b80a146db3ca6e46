/**
 * The end-to-end harness: the three services' real handlers, wired from their serverless.yml to
 * moto_server (DynamoDB, EventBridge, SNS, SQS) and the sandbox (S3, S3 Control), with an API
 * Gateway in front and Lambda's delivery semantics in between. Virtual time (the sandbox's
 * clock) drives restores, Batch Operations and the schedules.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { readAllServices } from '../../../src/wiring/index.js';
import type { ComposedService } from '../../../src/wiring/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { sandboxS3Client } from '../../../src/sandbox/clients.js';
import { startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import type { Clients, CreatedQueue, MotoResources } from './aws-resources.js';
import { ACCOUNT_ID, CREDENTIALS, REGION, createMotoResources, motoClients, subscribeQueue } from './aws-resources.js';
import { resolveEnvironment } from './env.js';
import type { Gateway } from '../../../src/runner/gateway.js';
import { startGateway } from '../../../src/runner/gateway.js';
import { LambdaRuntime } from './lambda.js';
import type { CountingProxy } from './counting-proxy.js';
import { startCountingProxy } from './counting-proxy.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const API_KEY = 'e2e-api-key-0123456789abcdef';
const STAGE = 'dev';

export interface E2E {
  moto: MotoServer;
  sandbox: Sandbox;
  services: ComposedService[];
  resources: MotoResources;
  runtime: LambdaRuntime;
  gateway: Gateway;
  clients: Clients;
  /** Counts what the services' handlers send to moto. */
  proxy: CountingProxy;
  /** A consumer's queue subscribed to the notifier's topic (raw delivery). */
  subscription: CreatedQueue;
  /** Call the API through the gateway with the API key. */
  api(method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Deliver everything that is due until nothing moves. */
  settle(): Promise<void>;
  /** Move virtual time forward in steps, running the schedules and settling after each. */
  advance(totalMs: number, stepMs?: number): Promise<void>;
  /** Everything the subscription has received so far (drained and kept). */
  notifications(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function startE2E(options: { seed?: number; startTime?: number; env?: Record<string, string> } = {}): Promise<E2E> {
  const moto = await startMoto();
  const sandbox = await startSandbox({
    clockMode: 'manual',
    startTime: options.startTime ?? Date.UTC(2026, 9, 15, 10, 30),
    seed: options.seed ?? 3,
    destinations: { eventBridge: { endpoint: moto.endpoint } },
    log: () => undefined,
  });
  const services = Object.values(readAllServices(REPO_ROOT, { stage: STAGE }));
  const clients = motoClients(moto.endpoint);
  const resources = await createMotoResources(moto.endpoint, services, clients, STAGE);
  const proxy = await startCountingProxy(moto.endpoint);
  const reportBucket = `s3-bulk-restore-${STAGE}-reports`;
  const s3 = sandboxS3Client(sandbox.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: reportBucket }));
  s3.destroy();
  const env = {
    ...resolveEnvironment(services, resources, { reportBucket, batchRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/s3-bulk-restore-batch` }),
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: proxy.endpoint,
    AWS_ENDPOINT_URL_SNS: proxy.endpoint,
    AWS_ENDPOINT_URL_SQS: proxy.endpoint,
    AWS_ENDPOINT_URL_S3: sandbox.endpoint,
    AWS_ENDPOINT_URL_S3_CONTROL: sandbox.endpoint,
    ...options.env,
  };
  // The handlers read their configuration from the environment on the first invocation, as on Lambda.
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const runtime = new LambdaRuntime(clients.sqs);
  await runtime.load(services, resources);
  const gateway = await startGateway(services, { apiKey: API_KEY, stage: STAGE, invoke: (name, event) => runtime.invoke(name, event) });
  const topicArn = Object.entries(resources.topics).find(([k]) => k.startsWith('notifier/'))![1];
  const subscription = await subscribeQueue(clients, topicArn, 'e2e-consumer');
  const received: Array<Record<string, unknown>> = [];
  const schedules = services.flatMap((s) =>
    s.functions.flatMap((fn) => fn.events.flatMap((e) => (e.kind === 'schedule' ? [{ name: `${s.key}/${fn.name}`, everyMs: rateMs(e.expression) }] : []))),
  );
  const nextRun = new Map(schedules.map((s) => [s.name, sandbox.clock.now() + s.everyMs]));

  const timing = { flushMs: 0, pumpMs: 0, idleWaits: 0 };
  const settle = async () => {
    for (let idle = 0; idle < 200; idle++) {
      let t = performance.now();
      await sandbox.context.events.flush();
      timing.flushMs += performance.now() - t;
      t = performance.now();
      const handled = await runtime.pumpOnce();
      timing.pumpMs += performance.now() - t;
      if (handled > 0) {
        idle = 0;
        continue;
      }
      if ((await runtime.backlog()) === 0) return;
      // Only retries are left (failed invocations wait out their visibility timeout). On AWS a
      // retried asynchronous invocation comes about a minute later, and the world moves on in
      // the meantime (S3 finishes preparing a Batch job…): let a virtual minute pass too.
      timing.idleWaits++;
      sandbox.clock.advance(60_000);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('the harness did not settle: messages keep failing (see runtime.invocations)');
  };

  return {
    moto,
    sandbox,
    services,
    resources,
    runtime,
    gateway,
    clients,
    proxy,
    subscription,
    async api(method, pathAndQuery, body, headers = {}) {
      const res = await fetch(`${gateway.url}${pathAndQuery}`, {
        method,
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    settle,
    async advance(totalMs, stepMs = 3_600_000) {
      for (let done = 0; done < totalMs; done += stepMs) {
        sandbox.clock.advance(Math.min(stepMs, totalMs - done));
        for (const s of schedules) {
          if (sandbox.clock.now() >= nextRun.get(s.name)!) {
            nextRun.set(s.name, sandbox.clock.now() + s.everyMs);
            await runtime.invoke(s.name, { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
          }
        }
        const t0 = performance.now();
        await settle();
        if (process.env['E2E_TRACE']) {
          const counts = proxy.counts().requests;
          const recent = runtime.invocations.slice(-6).map((i) => `${i.function}:${i.records}:${Math.round(i.ms)}ms${i.ok ? '' : '!'}`);
          process.stderr.write(`e2e: timing ${JSON.stringify(timing)}\n`);
          process.stderr.write(`e2e: +${((done + stepMs) / 3_600_000).toFixed(1)} h settled in ${((performance.now() - t0) / 1000).toFixed(1)} s; invocations ${runtime.invocations.length} ${recent.join(' ')}; ${JSON.stringify(counts)}\n`);
        }
      }
    },
    async notifications() {
      for (;;) {
        const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: subscription.url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }));
        if (!out.Messages?.length) break;
        for (const m of out.Messages) received.push({ ...(JSON.parse(m.Body!) as Record<string, unknown>), _attributes: m.MessageAttributes });
        await clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: subscription.url, Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
      return received;
    },
    async close() {
      await gateway.close();
      await proxy.close();
      await sandbox.close();
      clients.events.destroy();
      clients.sqs.destroy();
      clients.sns.destroy();
      await moto.stop();
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
      Object.assign(process.env, saved);
    },
  };
}

/** `rate(5 minutes)` → ms. */
function rateMs(expression: string): number {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) throw new Error(`unsupported schedule ${expression}`);
  const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
  return Number(m[1]) * unit;
}
