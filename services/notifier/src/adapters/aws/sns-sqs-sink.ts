/**
 * {@link NotificationSink} on AWS: SNS Publish to the notifications topic (String message
 * attributes, for subscription filter policies) and SQS SendMessage to the notifications queue
 * (the same body, the same attributes). Both are sent at once; the send succeeds only if both did.
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
    const results = await Promise.allSettled([
      sns.send(new PublishCommand({ TopicArn: topicArn, Message: body, MessageAttributes: values as Record<string, SnsAttribute> })),
      sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: values as Record<string, SqsAttribute> })),
    ]);
    const failures = (['sns', 'sqs'] as const).flatMap((channel, i) => {
      const result = results[i];
      return result?.status === 'rejected' ? [{ channel, error: result.reason as unknown }] : [];
    });
    // A retry sends to both again, so the channel that did accept gets a copy with the same EventId.
    if (failures.length > 0) throw notificationSendFailed(notification.EventId, failures);
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
