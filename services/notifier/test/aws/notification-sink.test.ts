/** The NotificationSink contract on SNS + SQS (moto_server), read back through subscriber queues. */
import { describe, it } from '@jest/globals';
import { SnsSqsNotificationSink } from '../../src/adapters/aws/sns-sqs-sink.js';
import { notificationSinkContract } from '../contracts/notification-sink.contract.js';
import { clientsFor } from '../support/moto-clients.js';
import { createNotificationChannels } from '../support/notification-topic.js';
import { drain } from '../support/sqs-drain.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';

if (!motoAvailable()) {
  process.stderr.write(`${MOTO_MISSING}\n`);
  describe.skip('NotificationSink on SNS + SQS (moto)', () => it('needs moto_server', () => undefined));
} else {
  notificationSinkContract('SNS + SQS on moto_server', async () => {
    const moto = await startMoto();
    const { sns, sqs, destroy } = clientsFor(moto.endpoint);
    const channels = await createNotificationChannels(sns, sqs);
    const sinkFor = (topicArn: string, queueUrl: string) => new SnsSqsNotificationSink({ sns, sqs, topicArn, queueUrl });
    return {
      sink: sinkFor(channels.topicArn, channels.queueUrl),
      async delivered() {
        return {
          topic: await drain(sqs, channels.allSubscriberUrl),
          completeOnly: await drain(sqs, channels.completeSubscriberUrl),
          queue: await drain(sqs, channels.queueUrl),
        };
      },
      brokenSink(channel) {
        return channel === 'topic'
          ? sinkFor(`${channels.topicArn}-missing`, channels.queueUrl)
          : sinkFor(channels.topicArn, `${channels.queueUrl}-missing`);
      },
      async cleanup() {
        destroy();
        await moto.stop();
      },
    };
  });
}
