/**
 * Destination validation when a notification configuration is saved (aws-facts §5.3, §5.6): S3
 * sends each queue an `s3:TestEvent`; a queue that cannot be reached fails the whole PUT.
 * A queue counts as unreachable when no SQS destination is configured, when it is in another
 * Region than the bucket (destinations must share the bucket's Region, §5.4), or when
 * SendMessage fails (e.g. the queue does not exist).
 */
import type { Bucket, QueueConfiguration } from '../state/model.js';
import { testEventBody } from './formats/s3-record.js';
import type { Delivery } from './message.js';
import { parseQueueArn } from './senders/sqs.js';
import type { DestinationSinks } from './sinks.js';

export interface QueueValidation {
  bucket: Bucket;
  queues: readonly QueueConfiguration[];
  requestId: string;
  hostId: string;
  /** Virtual time of the PUT. */
  now: number;
  sinks: DestinationSinks;
  /** A test event a queue accepted (for the recent-deliveries log). */
  accepted(delivery: Delivery): void;
}

/** The ARNs that failed, each once, in configuration order. */
export async function validateQueueDestinations(input: QueueValidation): Promise<string[]> {
  const arns = [...new Set(input.queues.map((q) => q.QueueArn))];
  const body = testEventBody(input.bucket.name, input.now, input.requestId, input.hostId);
  const outcomes = await Promise.all(arns.map((arn) => reach(input, arn, body)));
  return arns.filter((_, i) => !outcomes[i]);
}

async function reach(input: QueueValidation, queueArn: string, body: string): Promise<boolean> {
  const sqs = input.sinks.sqs;
  const address = parseQueueArn(queueArn);
  if (!sqs || !address || address.region !== input.bucket.region) return false;
  try {
    await sqs.sendOne(queueArn, body);
  } catch {
    return false;
  }
  const delivery: Delivery = { kind: 'sqs', queueArn, body };
  input.accepted(delivery);
  // The callback sees the test event too, as a consumer of the queue would; its failures do not fail the PUT.
  await input.sinks.callbackSink?.send([{ delivery, route: `sqs:${queueArn}`, region: address.region }]);
  return true;
}
