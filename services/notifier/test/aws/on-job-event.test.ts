/**
 * The real path on moto_server: configuration from an environment → compose → handler → DynamoDB
 * ledger → SNS topic (raw subscribers, one filtered on Status) and SQS queue.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { compose } from '../../src/compose.js';
import { readConfig } from '../../src/config.js';
import { createOnJobEventHandler } from '../../src/handlers/on-job-event.js';
import { envelope, jobCreated, jobFinished, jobProgressed, newJobId } from '../support/fixtures.js';
import { MOTO_CREDENTIALS, clientsFor, createNotifierTable } from '../support/moto-clients.js';
import { createNotificationChannels } from '../support/notification-topic.js';
import type { NotificationChannels } from '../support/notification-topic.js';
import { drain } from '../support/sqs-drain.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';

const context = { awsRequestId: 'req-1' } as unknown as Context;
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`${MOTO_MISSING}\n`);

describeMoto('on-job-event handler on moto_server (DynamoDB, SNS, SQS)', () => {
  let moto: MotoServer;
  let clients: ReturnType<typeof clientsFor>;
  let channels: NotificationChannels;
  let tableName: string;
  let handle: ReturnType<typeof createOnJobEventHandler>;

  beforeAll(async () => {
    moto = await startMoto();
    clients = clientsFor(moto.endpoint);
    tableName = await createNotifierTable(moto.endpoint);
    channels = await createNotificationChannels(clients.sns, clients.sqs);
    const config = readConfig({
      NOTIFIER_TABLE: tableName,
      NOTIFICATION_TOPIC_ARN: channels.topicArn,
      NOTIFICATION_QUEUE_URL: channels.queueUrl,
      EVENT_BUS_NAME: 's3-bulk-restore-test',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
    });
    handle = createOnJobEventHandler(compose({ ...config, aws: { ...config.aws, credentials: MOTO_CREDENTIALS } }));
  });
  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
  });

  it('thresholds and the terminal state reach subscribers and the queue once each, duplicates and late events included', async () => {
    const jobId = newJobId();
    const events = [
      envelope('JobCreated', jobCreated(jobId, { progressStepPercent: 25 }), 's3-bulk-restore.jobs'),
      envelope('JobProgressed', jobProgressed(jobId, 30)),
      envelope('JobProgressed', jobProgressed(jobId, 30)),
      envelope('JobProgressed', jobProgressed(jobId, 80, { failed: 2 })),
      envelope('JobProgressed', jobProgressed(jobId, 55)),
      envelope('JobFinished', jobFinished(jobId, { failed: 2 })),
      envelope('JobFinished', jobFinished(jobId, { failed: 2 })),
    ];
    for (const event of events) await handle(event, context);

    const topic = await drain(clients.sqs, channels.allSubscriberUrl);
    const queue = await drain(clients.sqs, channels.queueUrl);
    const completeOnly = await drain(clients.sqs, channels.completeSubscriberUrl);
    const eventIds = (messages: Array<{ body: string }>) => messages.map((m) => (JSON.parse(m.body) as { EventId: string }).EventId);
    expect(eventIds(topic)).toEqual([`${jobId}:threshold:25`, `${jobId}:threshold:75`, `${jobId}:finished`]);
    expect(queue).toEqual(topic);
    expect(eventIds(completeOnly)).toEqual([`${jobId}:finished`]);
    expect(JSON.parse(completeOnly[0]!.body)).toMatchObject({ Status: 'Complete', ProgressPercent: '100', FailedBatchFiles: '2', ClientTag: 'legal-hold-2026' });
    expect(topic[1]?.attributes).toEqual({ JobId: jobId, Status: 'Restoring', ClientTag: 'legal-hold-2026', EventType: 'Progress' });
  });

  it('keeps the documented item layout: JOB#<jobId> with SETTINGS, THRESHOLD#<nn> and TERMINAL', async () => {
    const jobId = newJobId();
    await handle(envelope('JobCreated', jobCreated(jobId), 's3-bulk-restore.jobs'), context);
    await handle(envelope('JobProgressed', jobProgressed(jobId, 7)), context);
    await handle(envelope('JobProgressed', jobProgressed(jobId, 8)), context);
    await handle(envelope('JobProgressed', jobProgressed(jobId, 12)), context);
    await handle(envelope('JobFinished', jobFinished(jobId, { status: 'Cancelled', settled: 12 })), context);
    const { Items } = await clients.document.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `JOB#${jobId}` } }));
    expect(Items?.map((i) => [i['sk'], i['claimStatus']])).toEqual([
      ['SETTINGS', undefined],
      ['TERMINAL', 'sent'],
      ['THRESHOLD#10', 'sent'],
    ]);
    await drain(clients.sqs, channels.allSubscriberUrl);
    expect(await drain(clients.sqs, channels.completeSubscriberUrl)).toEqual([]);
  });
});
