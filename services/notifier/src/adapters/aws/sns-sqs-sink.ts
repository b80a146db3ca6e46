/**
 * {@link NotificationSink} on AWS: SNS Publish to the notifications topic (String message
 * attributes, for subscription filter policies) and SQS SendMessage to the notifications queue
 * (the same body, the same attributes). SNS first, SQS only once SNS accepted; the send succeeds
 * only if both did.
 *
 * Not both at once: a send that fails is retried, or its threshold is superseded by a higher one
 * and never retried, so a copy already accepted by the healthy channel meanwhile was doubled by
 * every retry (an SNS outage put each terminal notification on the queue once per Lambda attempt)
 * or left on one channel only (a superseded threshold on the queue that subscribers never got).
 * Sequential, an SNS outage puts nothing on the queue. The reverse window remains: SQS refusing
 * after SNS accepted; a retry then publishes to SNS again with the same `EventId`.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import type { MessageAttributeValue as SnsAttribute, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue as SqsAttribute, SQSClient } from '@aws-sdk/client-sqs';
import type { Notification } from '@s3-bulk-restore/shared';
import { notificationSendFailed } from '../../app/errors.js';
import type { NotificationAttributes, NotificationSink } from '../../app/ports.js';

export interface SnsSqsNotificationSinkOptions {
  sns: SNSClient;
  sqs: SQSClient;
  topicArn: string;
  queueUrl: string;
}

export class SnsSqsNotificationSink implements NotificationSink {
  constructor(private readonly options: SnsSqsNotificationSinkOptions) {}

  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    const body = JSON.stringify(notification);
    const values = stringAttributes(attributes);
    const { sns, sqs, topicArn, queueUrl } = this.options;
    try {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Message: body, MessageAttributes: values as Record<string, SnsAttribute> }));
    } catch (error) {
      throw notificationSendFailed(notification.EventId, [{ channel: 'sns', error }]);
    }
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: values as Record<string, SqsAttribute> }));
    } catch (error) {
      // A retry publishes to SNS again: subscribers get a copy with the same EventId.
      throw notificationSendFailed(notification.EventId, [{ channel: 'sqs', error }]);
    }
  }
}

/** Every attribute as a `String`; empty or absent values are left out (SNS refuses empty values). */
function stringAttributes(attributes: NotificationAttributes): Record<string, { DataType: 'String'; StringValue: string }> {
  const out: Record<string, { DataType: 'String'; StringValue: string }> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string' && value !== '') out[name] = { DataType: 'String', StringValue: value };
  }
  return out;
}
