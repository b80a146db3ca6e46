/** Read (and delete) everything waiting in an SQS queue, the way a consumer would. */
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Delivered } from '../contracts/notification-sink.contract.js';

/**
 * moto delivers SNS → SQS while Publish is answered, so what was sent is already there: short
 * polls until one comes back empty.
 */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<Delivered[]> {
  const out: Delivered[] = [];
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 0 }));
    if (!Messages?.length) return out;
    for (const m of Messages) {
      const attributes = Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, String(value.StringValue)]));
      out.push({ body: m.Body ?? '', attributes });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/** Create a queue; returns its URL and ARN. */
export async function createQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: String(QueueUrl), arn: String(Attributes?.['QueueArn']) };
}
