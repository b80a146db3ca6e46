/**
 * SNS fails for a while (a fault proxy in front of moto_server answers SNS Publish with 500s and
 * throttling errors, so the SDK's own retries run and give up) while a job's progress and terminal
 * events reach the notifier's handler. Failed invocations are retried as Lambda's asynchronous
 * invocation does (twice, later), then go to the failed-events queue (serverless.yml
 * `destinations.onFailure`), from which they are redriven once SNS is back (docs: "then the
 * failed-events DLQ for a redrive"). A subscriber queue on the topic and the notifier's queue must
 * each get every notification the ledger sent, once, and the same ones.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { compose } from '../../src/compose.js';
import { readConfig } from '../../src/config.js';
import { createOnJobEventHandler } from '../../src/handlers/on-job-event.js';
import { envelope, jobCreated, jobFinished, jobProgressed, newJobId } from '../support/fixtures.js';
import { MOTO_CREDENTIALS, clientsFor, createNotifierTable } from '../support/moto-clients.js';
import { createNotificationChannels } from '../support/notification-topic.js';
import type { NotificationChannels } from '../support/notification-topic.js';
import { createQueue, drain } from '../support/sqs-drain.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { awsQueryError, startFaultProxy } from '../../../../tools/testing/fault-proxy.js';
import type { FaultProxy, FaultRule } from '../../../../tools/testing/fault-proxy.js';

const context = { awsRequestId: 'req-outage' } as unknown as Context;
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`${MOTO_MISSING}\n`);

/** Lambda's asynchronous invocation: the first attempt and two retries (its default). */
const LAMBDA_ATTEMPTS = 3;
/** The SDK's attempts per Publish (set explicitly, so the refused request count is exact). */
const SDK_ATTEMPTS = 3;

/** SNS Publish (awsQuery) refused, alternately with a 500 and with throttling; everything else passes. */
function snsOutage(): FaultRule {
  let n = 0;
  return (request) => {
    if (!request.body.includes('Action=Publish')) return undefined;
    n += 1;
    return n % 2 === 1 ? awsQueryError(500, 'InternalError', 'Internal error (injected)') : awsQueryError(400, 'Throttling', 'Rate exceeded (injected)');
  };
}

describeMoto('notifier while SNS is failing (fault proxy in front of moto_server)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let clients: ReturnType<typeof clientsFor>;
  let channels: NotificationChannels;
  let failedEventsUrl: string;
  let handle: ReturnType<typeof createOnJobEventHandler>;

  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    clients = clientsFor(moto.endpoint);
    const tableName = await createNotifierTable(moto.endpoint);
    channels = await createNotificationChannels(clients.sns, clients.sqs);
    failedEventsUrl = (await createQueue(clients.sqs, `notifier-failed-events-${Date.now()}`)).url;
    const config = readConfig({
      NOTIFIER_TABLE: tableName,
      NOTIFICATION_TOPIC_ARN: channels.topicArn,
      NOTIFICATION_QUEUE_URL: channels.queueUrl,
      EVENT_BUS_NAME: 's3-bulk-restore-test',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto.endpoint,
      // Only SNS goes through the proxy.
      AWS_ENDPOINT_URL_SNS: proxy.endpoint,
    });
    handle = createOnJobEventHandler(compose({ ...config, aws: { ...config.aws, credentials: MOTO_CREDENTIALS, maxAttempts: SDK_ATTEMPTS } }));
  });
  afterAll(async () => {
    clients?.destroy();
    await proxy?.close();
    await moto?.stop();
  });

  /** Lambda's async invocation of the handler: failed events wait for a retry round, then go to the failed-events queue. */
  function lambda() {
    const pending: Array<{ event: Record<string, unknown>; attempts: number }> = [];
    let failedInvocations = 0;
    async function attempt(item: { event: Record<string, unknown>; attempts: number }): Promise<void> {
      item.attempts += 1;
      try {
        await handle(item.event, context);
      } catch (error) {
        failedInvocations += 1;
        if (item.attempts < LAMBDA_ATTEMPTS) {
          pending.push(item);
          return;
        }
        // The onFailure destination's record (Lambda's shape): the event is under requestPayload.
        const record = {
          version: '1.0',
          timestamp: new Date().toISOString(),
          requestContext: { requestId: String(item.event['id']), condition: 'RetriesExhausted', approximateInvokeCount: item.attempts },
          requestPayload: item.event,
          responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
          responsePayload: { errorType: (error as Error).name, errorMessage: (error as Error).message },
        };
        await clients.sqs.send(new SendMessageCommand({ QueueUrl: failedEventsUrl, MessageBody: JSON.stringify(record) }));
      }
    }
    return {
      /** Events as EventBridge hands them over, in order: one attempt each. */
      async deliver(events: Array<Record<string, unknown>>): Promise<void> {
        for (const event of events) await attempt({ event, attempts: 0 });
      },
      /** One retry round: every failed event once more, in the order they failed. */
      async retryRound(): Promise<void> {
        for (const item of pending.splice(0)) await attempt(item);
      },
      /** Redrive the failed-events queue: each record's event once more; deleted when handled. Returns how many were redriven. */
      async redrive(): Promise<number> {
        let count = 0;
        for (;;) {
          const { Messages } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: failedEventsUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
          if (!Messages?.length) return count;
          for (const m of Messages) {
            const record = JSON.parse(m.Body ?? '{}') as { requestPayload: Record<string, unknown> };
            await handle(record.requestPayload, context);
            await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: failedEventsUrl, ReceiptHandle: m.ReceiptHandle }));
            count += 1;
          }
        }
      },
      pending: () => pending.length,
      failedInvocations: () => failedInvocations,
    };
  }

  it('every notification reaches the topic subscriber and the queue once, none lost, none twice', async () => {
    const jobId = newJobId('outage');
    const progressed = (settled: number) => envelope('JobProgressed', jobProgressed(jobId, settled));
    const invoke = lambda();

    // Before the outage: settings and the 10 % threshold.
    await invoke.deliver([envelope('JobCreated', jobCreated(jobId, { progressStepPercent: 10 }), 's3-bulk-restore.jobs'), progressed(12)]);
    expect(invoke.failedInvocations()).toBe(0);

    // Outage 1: three progress events fail; SNS is back before Lambda's first retry.
    proxy.fail(snsOutage());
    await invoke.deliver([progressed(25), progressed(38), progressed(51)]);
    expect(invoke.pending()).toBe(3);
    proxy.recover();
    await invoke.retryRound(); // 20 and 30 are superseded by the 50 claimed meanwhile; 50 is resumed and sent
    expect(invoke.pending()).toBe(0);
    await invoke.deliver([progressed(64), progressed(77)]);

    // Outage 2: longer than Lambda's retries. The 90 % event and the JobFinished fail; the
    // terminal claim supersedes 90 %, so only JobFinished exhausts its retries.
    proxy.fail(snsOutage());
    await invoke.deliver([progressed(90), envelope('JobFinished', jobFinished(jobId))]);
    await invoke.retryRound();
    await invoke.retryRound();
    expect(invoke.pending()).toBe(0);
    proxy.recover();
    expect(await invoke.redrive()).toBe(1);

    // Failed invocations: 3 in outage 1; 90 % once, JobFinished three times in outage 2.
    expect(invoke.failedInvocations()).toBe(3 + 1 + 3);
    // Each failed send is one Publish the SDK tried SDK_ATTEMPTS times, all refused by the proxy.
    expect(proxy.refused.filter((r) => r.body.includes('Action=Publish'))).toHaveLength((3 + 1 + 3) * SDK_ATTEMPTS);

    const expected = [`${jobId}:finished`, ...[10, 50, 60, 70].map((t) => `${jobId}:threshold:${t}`)].sort();
    const onTopic = (await drain(clients.sqs, channels.allSubscriberUrl)).map((d) => JSON.parse(d.body) as Record<string, unknown>);
    const onQueue = (await drain(clients.sqs, channels.queueUrl)).map((d) => JSON.parse(d.body) as Record<string, unknown>);
    expect(onTopic.map((n) => String(n['EventId'])).sort()).toEqual(expected);
    expect(onQueue.map((n) => String(n['EventId'])).sort()).toEqual(expected);
    // The same messages on both channels, and the one terminal one is Complete at 100 %.
    const byId = (list: Array<Record<string, unknown>>) => Object.fromEntries(list.map((n) => [String(n['EventId']), n]));
    expect(byId(onQueue)).toEqual(byId(onTopic));
    expect(byId(onTopic)[`${jobId}:finished`]).toMatchObject({ Status: 'Complete', ProgressPercent: '100', EventType: 'Finished' });
    const complete = await drain(clients.sqs, channels.completeSubscriberUrl);
    expect(complete.map((d) => (JSON.parse(d.body) as { EventId: string }).EventId)).toEqual([`${jobId}:finished`]);
  });
});
