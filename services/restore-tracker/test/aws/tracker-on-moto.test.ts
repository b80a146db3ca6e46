/**
 * The tracker's real path on AWS adapters, against moto (DynamoDB, S3, EventBridge, SQS):
 * configuration from an environment → compose → handlers. A JobCreated registers a manifest read
 * from S3; restore events in SQS batches (duplicated, reordered, awkward keys, a version id) move
 * the counters; the tracker's own events are read back from the bus through a rule and a queue.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { encodeManifestKey } from '@s3-bulk-restore/shared';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { awsDeps } from '../../src/compose.js';
import { readConfig } from '../../src/config.js';
import { createTrackerApp } from '../../src/app/app.js';
import { createOnCancelRequestedHandler } from '../../src/handlers/on-cancel-requested.js';
import { createOnJobCreatedHandler } from '../../src/handlers/on-job-created.js';
import { createOnRestoreEventsHandler } from '../../src/handlers/on-restore-events.js';
import { createPollBatchJobsHandler } from '../../src/handlers/poll-batch-jobs.js';
import { jobCreated, s3Event } from '../fakes/deps.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);
const context = { awsRequestId: 'r' } as unknown as Context;
const KEYS = ['photos/red flower.jpg', 'a+b=c.txt', '100% done.bin', 'ünïcödé/日本語.txt', 'pinned.bin'];

describeMoto('restore-tracker on moto', () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let queueUrl: string;
  let onJobCreated: ReturnType<typeof createOnJobCreatedHandler>;
  let onRestoreEvents: ReturnType<typeof createOnRestoreEventsHandler>;
  let onCancelRequested: ReturnType<typeof createOnCancelRequestedHandler>;
  let pollBatchJobs: ReturnType<typeof createPollBatchJobsHandler>;
  let manifestEtag: string;
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

  beforeAll(async () => {
    moto = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `e${Date.now()}`);
    const config = readConfig({
      OBJECTS_TABLE: tables['ObjectsTable'],
      EVENT_LOG_TABLE: tables['EventLogTable'],
      PROGRESS_TABLE: tables['ProgressTable'],
      EVENT_BUS_NAME: 'tracker-test-bus',
      ACCOUNT_ID: '123456789012',
      COUNTER_SHARDS: '4', SWEEP_AFTER_MINUTES: '60', TIMEOUT_MARGIN_HOURS: '12', REGISTRATION_RANGE_KIB: '16384',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
    });
    config.aws.credentials = credentials;
    const deps = awsDeps(config, { log: () => undefined });
    // Batches are delivered one at a time, and one call's transactions run one after another, so
    // moto's non-isolated transactions (moto-isolation.ts) cannot bite here.

    const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'manifests' }));
    const rows = KEYS.map((k) => `archive,${encodeManifestKey(k)}${k === 'pinned.bin' ? ',v1' : ',v0'}`);
    const body = [...rows, rows[0]].join('\r\n') + '\r\n';
    const etag = (await s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'e2e.csv', Body: body }))).ETag as string;
    manifestEtag = etag;
    s3.destroy();

    const events = new EventBridgeClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    await events.send(new CreateEventBusCommand({ Name: 'tracker-test-bus' }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'tracker-out' }))).QueueUrl as string;
    const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes?.['QueueArn'];
    await events.send(new PutRuleCommand({ Name: 'tracker-out', EventBusName: 'tracker-test-bus', EventPattern: JSON.stringify({ source: ['s3-bulk-restore.restore-tracker'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'tracker-out', EventBusName: 'tracker-test-bus', Targets: [{ Id: 'q', Arn: queueArn }] }));
    events.destroy();

    const app = createTrackerApp(deps);
    onJobCreated = createOnJobCreatedHandler(app);
    onRestoreEvents = createOnRestoreEventsHandler(app);
    onCancelRequested = createOnCancelRequestedHandler(app);
    pollBatchJobs = createPollBatchJobsHandler(app);
    await onJobCreated({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail: jobCreated('e2e', { manifest: { bucket: 'manifests', key: 'e2e.csv', etag } }) }, context);
  });
  afterAll(async () => {
    sqs?.destroy();
    await moto?.stop();
  });

  async function busEvents(): Promise<Array<{ 'detail-type': string; detail: Record<string, unknown> }>> {
    const out: Array<{ 'detail-type': string; detail: Record<string, unknown> }> = [];
    for (;;) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      if (!got.Messages?.length) return out;
      for (const m of got.Messages) {
        out.push(JSON.parse(m.Body as string));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
  }
  let seq = 0;
  const record = (body: string): SQSRecord => ({ messageId: `m${++seq}`, body }) as SQSRecord;

  it('registers the manifest from S3 and announces JobTrackingReady on the bus', async () => {
    const events = await busEvents();
    expect(events.map((e) => [e['detail-type'], e.detail['totalObjects'], e.detail['duplicateLines']])).toEqual([['JobTrackingReady', 5, 1]]);
  });

  it('counts duplicated and reordered restore events once and finishes the job once', async () => {
    const version = (k: string) => (k === 'pinned.bin' ? 'v1' : 'v0');
    const initiated = KEYS.map((k) => record(s3Event('Object Restore Initiated', 'archive', k, { versionId: version(k), time: '2030-01-01T09:00:00Z' })));
    const completed = KEYS.map((k) => record(s3Event('Object Restore Completed', 'archive', k, { versionId: version(k) })));
    const wrongVersion = record(s3Event('Object Restore Completed', 'archive', 'pinned.bin', { versionId: 'v2' }));

    // Batch 1: two completions before any initiation, one duplicated, one for a version nobody waits on.
    expect(await onRestoreEvents({ Records: [completed[0] as SQSRecord, completed[1] as SQSRecord, completed[0] as SQSRecord, wrongVersion, record('garbage')] }, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: `m${seq}` }],
    });
    // Batch 2: every initiation (late for two of them) and the rest of the completions, one of them twice.
    await onRestoreEvents({ Records: [...initiated, completed[2] as SQSRecord, completed[3] as SQSRecord, completed[3] as SQSRecord] }, context);
    // Batch 3: the last completion, and batch 1 redelivered.
    await onRestoreEvents({ Records: [completed[4] as SQSRecord, completed[0] as SQSRecord, completed[1] as SQSRecord] }, context);

    // A standard queue does not promise order: sort by progress.
    const events = (await busEvents()).sort((a, b) => Number(a.detail['progressPercent']) - Number(b.detail['progressPercent']));
    expect(events.map((e) => [e['detail-type'], e.detail['progressPercent']])).toEqual([
      ['JobProgressed', 40],
      ['JobProgressed', 80],
      ['JobFinished', 100],
    ]);
    expect(events[2]?.detail).toMatchObject({ status: 'Complete', totalObjects: 5, counts: { registered: 0, requested: 0, restoring: 0, restored: 5, available: 0, failed: 0 } });
  });

  it('ends a job Cancelled on JobCancelRequested and another Timeout past its deadline: one JobFinished each, counts kept', async () => {
    const manifest = { bucket: 'manifests', key: 'e2e.csv', etag: manifestEtag };
    await onJobCreated({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail: jobCreated('cancel-me', { manifest }) }, context);
    // Created long ago: its deadline (84 h for BULK with the 12 h margin) has passed.
    await onJobCreated({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail: jobCreated('too-late', { manifest, createdAt: '2020-01-01T00:00:00.000Z' }) }, context);
    const request = { schemaVersion: 1, jobId: 'cancel-me', batchJobId: 'batch-cancel-me', requestedAt: '2030-01-01T12:00:00.000Z' };
    const envelope = { 'detail-type': 'JobCancelRequested', source: 's3-bulk-restore.jobs', detail: request };
    expect(await onCancelRequested(envelope, context)).toEqual({ outcome: 'cancelled' });
    expect(await onCancelRequested(envelope, context)).toEqual({ outcome: 'already-finished' });
    expect(await pollBatchJobs({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context)).toMatchObject({ timedOut: 1, described: 0, errors: 0 });
    expect(await pollBatchJobs({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context)).toMatchObject({ jobs: 0, timedOut: 0 });

    const finished = (await busEvents()).filter((e) => e['detail-type'] === 'JobFinished');
    const registered = { registered: 5, requested: 0, restoring: 0, restored: 0, available: 0, failed: 0 };
    expect(finished.map((e) => e.detail).sort((a, b) => String(a['jobId']).localeCompare(String(b['jobId'])))).toEqual([
      expect.objectContaining({ jobId: 'cancel-me', status: 'Cancelled', reason: 'cancelled by request', totalObjects: 5, counts: registered }),
      expect.objectContaining({ jobId: 'too-late', status: 'Timeout', reason: 'The job passed its deadline (2020-01-04T12:00:00.000Z): 5 of 5 objects were not settled', counts: registered }),
    ]);
  });
});
