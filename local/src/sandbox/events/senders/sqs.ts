/**
 * SQS destination: SendMessage / SendMessageBatch (up to 10 per call) to the queue named by the
 * configuration's ARN, at `<endpoint>/<account>/<queue name>` (moto's queue URL form).
 */
import { SQSClient, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Outbound, SendResult, Sink } from '../message.js';
import { DESTINATION_CREDENTIALS, SDK_MAX_ATTEMPTS } from './credentials.js';

export interface QueueAddress {
  region: string;
  account: string;
  name: string;
}

/** `arn:aws:sqs:us-east-1:123456789012:my-queue` → its parts, or undefined if not a queue ARN. */
export function parseQueueArn(arn: string): QueueAddress | undefined {
  const m = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([\w-]+(?:\.fifo)?)$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

export class SqsSink implements Sink {
  readonly name = 'SQS';
  private readonly clients = new Map<string, SQSClient>();

  constructor(private readonly endpoint: string) {}

  queueUrl(address: QueueAddress): string {
    return `${this.endpoint.replace(/\/+$/, '')}/${address.account}/${address.name}`;
  }

  /** One message to one queue (the `s3:TestEvent`); throws when the queue does not take it. */
  async sendOne(queueArn: string, body: string): Promise<void> {
    const address = parseQueueArn(queueArn);
    if (!address) throw new RangeError(`not an SQS queue ARN: ${queueArn}`);
    await this.client(address.region).send(new SendMessageCommand({ QueueUrl: this.queueUrl(address), MessageBody: body }));
  }

  async send(batch: readonly Outbound[]): Promise<SendResult> {
    const first = batch[0]!.delivery;
    if (first.kind !== 'sqs') throw new TypeError('SqsSink got a non-SQS message');
    const address = parseQueueArn(first.queueArn);
    if (!address) return { failed: [...batch], reason: `not an SQS queue ARN: ${first.queueArn}` };
    const client = this.client(address.region);
    const QueueUrl = this.queueUrl(address);
    const bodies = batch.map((m) => (m.delivery.kind === 'sqs' ? m.delivery.body : ''));
    if (batch.length === 1) {
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: bodies[0]! }));
      return { failed: [] };
    }
    const output = await client.send(
      new SendMessageBatchCommand({ QueueUrl, Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })) }),
    );
    const failedIds = new Set((output.Failed ?? []).map((f) => f.Id));
    if (failedIds.size === 0) return { failed: [] };
    const firstFailure = output.Failed?.[0];
    return { failed: batch.filter((_, i) => failedIds.has(String(i))), reason: `${firstFailure?.Code}: ${firstFailure?.Message ?? ''}` };
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client(region: string): SQSClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new SQSClient({ region, endpoint: this.endpoint, credentials: DESTINATION_CREDENTIALS, maxAttempts: SDK_MAX_ATTEMPTS });
      this.clients.set(region, client);
    }
    return client;
  }
}
