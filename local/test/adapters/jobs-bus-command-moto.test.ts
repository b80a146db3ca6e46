/**
 * The bus command on moto's EventBridge: `RestoreJobRequested` events are put on a real bus, the
 * rule with the pattern services/jobs/serverless.yml declares routes them (to a queue standing in
 * for the Lambda target), the handler runs on the jobs service composed as deployed (DynamoDB and
 * EventBridge on moto, S3 and S3 Control on the sandbox), and `JobRejected` arrives through a
 * subscriber's rule → SQS target. Skips when moto_server is absent.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { contracts } from '@s3-bulk-restore/shared';
import type { JobRejected } from '@s3-bulk-restore/shared';
import { compose } from '../../../services/jobs/src/compose.js';
import { readConfig } from '../../../services/jobs/src/config.js';
import type { JobsApp } from '../../../services/jobs/src/app/app.js';
import { createOnRestoreJobRequestedHandler } from '../../../services/jobs/src/handlers/on-restore-job-requested.js';
import { lambdaContext } from '../../../services/jobs/test/support/lambda-events.js';
import { readServiceConfig } from '../../src/wiring/index.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../tools/testing/moto.js';
import type { MotoServer } from '../../../tools/testing/moto.js';
import { createServiceTables } from '../../../tools/testing/dynamo-tables.js';
import type { BatchHarness } from '../sandbox/batch-support.js';
import { createBuckets, jobsTestEnvironment, putManifest, putObjects, startBatchSandbox } from '../sandbox/batch-support.js';

const jobsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../services/jobs');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const BUS = 's3-bulk-restore-test';
const PORTAL = 'com.example.archive-portal';

const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`${MOTO_MISSING}\n`);

interface Envelope {
  id: string;
  source: string;
  'detail-type': string;
  detail: Record<string, unknown>;
}

describeMoto('RestoreJobRequested and JobRejected on moto EventBridge', () => {
  let moto: MotoServer;
  let h: BatchHarness;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let app: JobsApp;
  const queues: Record<string, string> = {};

  /** A queue behind a rule with `pattern` on the bus. */
  async function ruleToQueue(name: string, pattern: unknown): Promise<void> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: name, EventBusName: BUS, EventPattern: JSON.stringify(pattern) }));
    await events.send(new PutTargetsCommand({ Rule: name, EventBusName: BUS, Targets: [{ Id: 'queue', Arn: Attributes!['QueueArn'] }] }));
    queues[name] = QueueUrl!;
  }

  /** Every event in a queue, waiting up to `rounds` one-second polls for `expected` of them. */
  async function drain(name: string, expected: number, rounds = 5): Promise<Envelope[]> {
    const seen: Envelope[] = [];
    for (let i = 0; i < rounds && (expected === 0 || seen.length < expected); i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues[name], MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        seen.push(JSON.parse(m.Body!) as Envelope);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queues[name], ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return seen;
  }

  async function put(entries: Array<{ source: string; detailType: string; detail: object }>): Promise<void> {
    const out = await events.send(new PutEventsCommand({ Entries: entries.map((e) => ({ EventBusName: BUS, Source: e.source, DetailType: e.detailType, Detail: JSON.stringify(e.detail) })) }));
    expect(out.FailedEntryCount).toBe(0);
  }

  /** What Lambda would do with a routed event: invoke the handler with it. */
  const invoke = (event: Envelope) => createOnRestoreJobRequestedHandler(app, () => undefined)(event as never, lambdaContext());

  beforeAll(async () => {
    moto = await startMoto();
    h = await startBatchSandbox();
    const client = { endpoint: moto.endpoint, region: 'us-east-1', credentials };
    events = new EventBridgeClient(client);
    sqs = new SQSClient(client);
    await events.send(new CreateEventBusCommand({ Name: BUS }));
    const fn = readServiceConfig(jobsDir).functions.find((f) => f.name === 'onRestoreJobRequested');
    const command = fn?.events.find((e) => e.kind === 'eventBridge');
    if (command?.kind !== 'eventBridge') throw new Error('onRestoreJobRequested has no eventBridge event in services/jobs/serverless.yml');
    await ruleToQueue('commands', command.pattern);
    await ruleToQueue('rejections', { source: ['s3-bulk-restore.jobs'], 'detail-type': ['JobRejected'], detail: { request: { source: [PORTAL] } } });

    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['scans/page 1.tif']);
    await putManifest(h.s3, 'manifests', 'm.csv', [['archive', 'scans/page 1.tif']]);
    const tables = await createServiceTables(jobsDir, moto.endpoint, 'bus-command');
    const config = readConfig(jobsTestEnvironment({ jobsTable: tables['JobsTable']!, busName: BUS, motoEndpoint: moto.endpoint, sandboxEndpoint: h.sandbox.endpoint }));
    config.aws.credentials = credentials;
    app = compose(config);
  });

  afterAll(async () => {
    events?.destroy();
    sqs?.destroy();
    await h?.close();
    await moto?.stop();
  });

  it('routes only commands from other sources; a valid one makes one job, a refused one one JobRejected on the bus', async () => {
    const token = `portal-${randomUUID()}`;
    await put([
      { source: PORTAL, detailType: 'RestoreJobRequested', detail: { bucket: 'manifests', key: 'm.csv', tier: 'BULK', expiration_days: 1, client_tag: 'portal', client_token: token } },
      { source: PORTAL, detailType: 'RestoreJobRequested', detail: { bucket: 'manifests', key: 'm.csv', tier: 'EXPEDITED', client_tag: 'portal-bad' } },
      // Not commands: one of our own sources, and another detail-type.
      { source: 's3-bulk-restore.restore-tracker', detailType: 'RestoreJobRequested', detail: { bucket: 'manifests', key: 'm.csv', tier: 'BULK' } },
      { source: PORTAL, detailType: 'JobCreated', detail: { bucket: 'manifests', key: 'm.csv', tier: 'BULK' } },
    ]);

    const routed = await drain('commands', 2);
    expect(routed.map((e) => [e.source, e.detail['client_tag']]).sort()).toEqual([[PORTAL, 'portal'], [PORTAL, 'portal-bad']]);
    expect(await drain('commands', 0, 1)).toEqual([]);
    const valid = routed.find((e) => e.detail['client_tag'] === 'portal')!;
    const refused = routed.find((e) => e.detail['client_tag'] === 'portal-bad')!;
    const created = await invoke(valid);
    const rejectedOutcome = await invoke(refused);
    // Lambda may run an event twice: still one job.
    expect(await invoke(valid)).toEqual(created);

    expect(created).toMatchObject({ outcome: 'created' });
    expect(rejectedOutcome).toEqual({ outcome: 'rejected', code: 'TierNotSupported', field: 'tier' });
    const jobId = (created as { jobId: string }).jobId;
    expect(await app.getJob(jobId)).toMatchObject({ JobId: jobId, Status: 'Preparing', ClientTag: 'portal' });
    expect((await app.listJobs({})).Jobs.map((j) => j.JobId)).toEqual([jobId]);

    const rejections = await drain('rejections', 1);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ source: 's3-bulk-restore.jobs', 'detail-type': 'JobRejected' });
    const detail: JobRejected = contracts.jobRejected.parse(rejections[0]!.detail);
    expect(detail).toMatchObject({ request: { eventId: refused.id, source: PORTAL, clientTag: 'portal-bad' }, error: { code: 'TierNotSupported', field: 'tier' } });
    expect(await drain('rejections', 0, 1)).toEqual([]);
  }, 30_000);
});
