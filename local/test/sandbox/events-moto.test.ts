/**
 * End to end through moto_server: the sandbox sends restore events to moto's EventBridge (default
 * bus → rule → SQS queue) and notification records straight to a moto SQS queue; we read them
 * back with the SDK and check their shape and counts. Skips when moto_server is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  RestoreObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sandboxS3Client } from '../../src/sandbox/clients.js';
import type { Sandbox } from '../../src/sandbox/server.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { MotoServer } from '../../../tools/testing/moto.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../tools/testing/moto.js';

const hasMoto = motoAvailable();
if (!hasMoto) console.warn(`events-moto.test.ts: ${MOTO_MISSING}`);
const describeMoto = hasMoto ? describe : describe.skip;

const REGION = 'us-east-1';
const HOUR = 3_600_000;
const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const RESTORE_DETAIL_TYPES = ['Object Restore Initiated', 'Object Restore Completed', 'Object Restore Expired'];
/** Keys that break naive encoders: spaces, `+`, `%`, `&`, `=`, `@`, parentheses, unicode. */
const KEYS = ['red flower.jpg', 'plus+sign & 100%.txt', 'unicode/ünïcødé ✓ 東京.bin', 'dir/(1) copy=a@b;c.dat'];

type Json = Record<string, unknown>;

describeMoto('restore events through moto_server (EventBridge and SQS)', () => {
  let moto: MotoServer;
  let sandbox: Sandbox;
  let s3: S3Client;
  let sqs: SQSClient;
  let eventBridge: EventBridgeClient;
  const logs: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    sandbox = await startSandbox({
      clockMode: 'manual',
      startTime: Date.parse('2026-03-02T10:00:00.000Z'),
      destinations: { eventBridge: { endpoint: moto.endpoint }, sqs: { endpoint: moto.endpoint } },
      log: (m) => logs.push(m),
    });
    s3 = sandboxS3Client(sandbox.endpoint);
    const config = { endpoint: moto.endpoint, region: REGION, credentials: MOTO_CREDENTIALS };
    sqs = new SQSClient(config);
    eventBridge = new EventBridgeClient(config);
  });

  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    eventBridge?.destroy();
    await sandbox?.close();
    await moto?.stop();
  });

  async function createQueue(name: string): Promise<{ url: string; arn: string }> {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { url: QueueUrl!, arn: Attributes!['QueueArn']! };
  }

  /** Every message now in the queue (bodies parsed); each is received once. */
  async function drain(queueUrl: string): Promise<Json[]> {
    const bodies: Json[] = [];
    for (;;) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
      if (!Messages || Messages.length === 0) return bodies;
      for (const m of Messages) bodies.push(JSON.parse(m.Body!) as Json);
    }
  }

  it('delivers the test event, then Initiated/Completed/Expired to EventBridge and records to SQS', async () => {
    const busQueue = await createQueue('restore-events-from-bus');
    const directQueue = await createQueue('restore-notifications');
    await eventBridge.send(
      new PutRuleCommand({ Name: 's3-restores', EventBusName: 'default', EventPattern: JSON.stringify({ source: ['aws.s3'], 'detail-type': RESTORE_DETAIL_TYPES }) }),
    );
    await eventBridge.send(new PutTargetsCommand({ Rule: 's3-restores', EventBusName: 'default', Targets: [{ Id: 'queue', Arn: busQueue.arn }] }));
    const Bucket = 'archive-events';
    await s3.send(new CreateBucketCommand({ Bucket }));

    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket,
        NotificationConfiguration: {
          EventBridgeConfiguration: {},
          QueueConfigurations: [{ Id: 'restores', QueueArn: directQueue.arn, Events: ['s3:ObjectRestore:*'] }],
        },
      }),
    );
    const testEvents = await drain(directQueue.url);
    for (const Key of KEYS) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: `body of ${Key}`, StorageClass: 'GLACIER' }));
      await s3.send(new RestoreObjectCommand({ Bucket, Key, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } } }));
    }
    await sandbox.context.events.flush();
    sandbox.clock.advance(6 * HOUR); // Standard on GLACIER: 3-5 h
    await sandbox.context.events.flush();
    sandbox.clock.advance(3 * 24 * HOUR); // Days 1, rounded to the next midnight UTC
    await sandbox.context.events.flush();
    const busEvents = await drain(busQueue.url);
    const records = (await drain(directQueue.url)).map((body) => (body['Records'] as Json[])[0]!);

    expect(testEvents).toHaveLength(1);
    expect(testEvents[0]).toMatchObject({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket });
    expect(Object.keys(testEvents[0]!).sort()).toEqual(['Bucket', 'Event', 'HostId', 'RequestId', 'Service', 'Time']);

    expect(busEvents).toHaveLength(3 * KEYS.length);
    for (const detailType of RESTORE_DETAIL_TYPES) {
      const ofType = busEvents.filter((e) => e['detail-type'] === detailType);
      expect(ofType.map((e) => ((e['detail'] as Json)['object'] as Json)['key']).sort()).toEqual([...KEYS].sort());
    }
    for (const event of busEvents) {
      const detail = event['detail'] as Json;
      const type = event['detail-type'];
      expect(event).toMatchObject({ version: '0', source: 'aws.s3', region: REGION, resources: [`arn:aws:s3:::${Bucket}`] });
      expect(event['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      // moto's PutEvents leaves `account` out (stack-serverless §4.2); real EventBridge fills it.
      expect([undefined, '123456789012']).toContain(event['account']);
      expect(detail).toMatchObject({ version: '0', bucket: { name: Bucket }, 'source-storage-class': 'GLACIER' });
      expect(detail['object']).not.toHaveProperty('sequencer');
      expect(detail).not.toHaveProperty('reason');
      expect(detail).toHaveProperty('request-id');
      expect('source-ip-address' in detail).toBe(type === 'Object Restore Initiated');
      expect('restore-expiry-time' in detail).toBe(type === 'Object Restore Completed');
    }
    for (const key of KEYS) {
      const forKey = (t: string) => busEvents.find((e) => e['detail-type'] === t && ((e['detail'] as Json)['object'] as Json)['key'] === key)!;
      // The copy expires exactly when Completed said it would.
      expect(forKey('Object Restore Expired')['time']).toBe((forKey('Object Restore Completed')['detail'] as Json)['restore-expiry-time']);
    }

    expect(records).toHaveLength(3 * KEYS.length);
    for (const name of ['ObjectRestore:Post', 'ObjectRestore:Completed', 'ObjectRestore:Delete']) {
      const ofName = records.filter((r) => r['eventName'] === name);
      const decoded = ofName.map((r) => decodeURIComponent(String(((r['s3'] as Json)['object'] as Json)['key']).replace(/\+/g, ' ')));
      expect(decoded.sort()).toEqual([...KEYS].sort());
    }
    for (const record of records) {
      const s3Part = record['s3'] as Json;
      const name = record['eventName'];
      expect(record).toMatchObject({ eventSource: 'aws:s3', awsRegion: REGION, eventVersion: name === 'ObjectRestore:Delete' ? '2.3' : '2.1' });
      expect(record['eventTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(s3Part).toMatchObject({ s3SchemaVersion: '1.0', configurationId: 'restores', bucket: { name: Bucket, arn: `arn:aws:s3:::${Bucket}` } });
      expect(String((s3Part['object'] as Json)['key'])).not.toMatch(/[ @&=()]/);
      expect('glacierEventData' in record).toBe(name === 'ObjectRestore:Completed');
      if (name !== 'ObjectRestore:Post') expect(record['userIdentity']).toEqual({ principalId: 'AmazonCustomer:123456789012' });
    }
    expect(sandbox.context.events.stats()).toMatchObject({ emitted: 6 * KEYS.length, delivered: 6 * KEYS.length, failed: 0, pending: 0 });
  });

  it('rejects a queue configuration it cannot validate, unless destination validation is skipped', async () => {
    const queue = await createQueue('unvalidated');
    const Bucket = 'archive-unvalidated';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const put = (SkipDestinationValidation?: boolean, QueueArn = queue.arn) =>
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket,
          SkipDestinationValidation,
          NotificationConfiguration: { QueueConfigurations: [{ Id: 'q', QueueArn, Events: ['s3:ObjectRestore:Completed'] }] },
        }),
      );

    const missingQueue = put(false, 'arn:aws:sqs:us-east-1:123456789012:does-not-exist');
    await expect(missingQueue).rejects.toMatchObject({ name: 'InvalidArgument' });
    sandbox.context.events.setDestinations({ eventBridge: { endpoint: moto.endpoint } });
    try {
      await expect(put()).rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
      await expect(drain(queue.url)).resolves.toHaveLength(0);
      await put(true);
    } finally {
      sandbox.context.events.setDestinations({ eventBridge: { endpoint: moto.endpoint }, sqs: { endpoint: moto.endpoint } });
    }
    const saved = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket }));

    expect(saved.QueueConfigurations?.map((q) => q.QueueArn)).toEqual([queue.arn]);
    expect(await drain(queue.url)).toHaveLength(0);
  });
});
