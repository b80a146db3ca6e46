/** What leaves the sandbox: one message for one destination. */

/**
 * A message as handed to a destination. `eventbridge`: the full EventBridge event, envelope
 * included (what a rule target receives). `sqs`: the message body for a queue.
 */
export type Delivery =
  | { kind: 'eventbridge'; event: Record<string, unknown> }
  | { kind: 'sqs'; queueArn: string; body: string };

/** A delivery on its way, with what the outbox needs to batch and route it. */
export interface Outbound {
  delivery: Delivery;
  /** Batching and ordering key: messages with one route go in one batch, in order. */
  route: string;
  /** Region of the destination (EventBridge bus / queue): the client to use. */
  region: string;
}

/** A destination that sends batches (at most 10 messages of one route). */
export interface Sink {
  readonly name: string;
  /** Resolve with the messages that were not accepted (empty: all accepted); reject if none were. */
  send(batch: readonly Outbound[]): Promise<SendResult>;
  close(): void;
}

export interface SendResult {
  failed: Outbound[];
  /** Why, when some failed. */
  reason?: string;
}
