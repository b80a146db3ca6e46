/**
 * The notifier's topic and queue on moto, with two subscriber queues on the topic as a consumer
 * would set them up: raw delivery of everything, and raw delivery filtered on `Status: Complete`.
 */
import { randomUUID } from 'node:crypto';
import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { createQueue } from './sqs-drain.js';

export interface NotificationChannels {
  topicArn: string;
  queueUrl: string;
  /** Raw subscriber of every message on the topic. */
  allSubscriberUrl: string;
  /** Raw subscriber with the filter policy `{"Status": ["Complete"]}`. */
  completeSubscriberUrl: string;
}

export async function createNotificationChannels(sns: SNSClient, sqs: SQSClient): Promise<NotificationChannels> {
  const suffix = randomUUID().slice(0, 8);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `s3-bulk-restore-test-notifications-${suffix}` }));
  const topicArn = String(TopicArn);
  const queue = await createQueue(sqs, `s3-bulk-restore-test-notifications-${suffix}`);
  const all = await createQueue(sqs, `subscriber-all-${suffix}`);
  const complete = await createQueue(sqs, `subscriber-complete-${suffix}`);
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: all.arn, Attributes: { RawMessageDelivery: 'true' } }));
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: complete.arn,
      Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ Status: ['Complete'] }) },
    }),
  );
  return { topicArn, queueUrl: queue.url, allSubscriberUrl: all.url, completeSubscriberUrl: complete.url };
}
