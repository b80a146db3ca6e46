/**
 * The Lambda side of the harness: load each function's real handler module (the file and export
 * serverless.yml names) and deliver to it the way AWS would — EventBridge targets get the event
 * object with asynchronous-invocation retries; SQS event source mappings get batches of records
 * and their partial batch failures are left on the queue to be redelivered.
 */
import { DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { lambdaContext } from '../../../src/runner/host.js';
import type { ComposedService, FunctionWiring } from '../../../src/wiring/index.js';
import type { CreatedQueue, MotoResources } from './aws-resources.js';
import { REGION } from './aws-resources.js';

type LambdaHandler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;

/** Lambda retries an asynchronous invocation twice before giving up (its default). */
const ASYNC_ATTEMPTS = 3;

export interface Invocation {
  function: string;
  ok: boolean;
  error?: string;
  /** Wall time inside the handler. */
  ms: number;
  /** Records in the event (SQS batches) or 1. */
  records: number;
}

interface Delivery {
  name: string;
  queue: CreatedQueue;
  run(sqs: SQSClient): Promise<number>;
}

export async function loadHandler(fn: FunctionWiring): Promise<LambdaHandler> {
  const module = (await import(fn.handler.file)) as Record<string, unknown>;
  const handler = module[fn.handler.exportName];
  if (typeof handler !== 'function') throw new Error(`${fn.handler.declared}: no exported function ${fn.handler.exportName}`);
  return handler as LambdaHandler;
}

async function receive(sqs: SQSClient, queue: CreatedQueue, max: number): Promise<Message[]> {
  const messages: Message[] = [];
  while (messages.length < max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: Math.min(10, max - messages.length), MessageSystemAttributeNames: ['All'], WaitTimeSeconds: 0 }),
    );
    if (!out.Messages?.length) break;
    messages.push(...out.Messages);
  }
  return messages;
}

async function remove(sqs: SQSClient, queue: CreatedQueue, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    if (chunk.length === 0) continue;
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}

export class LambdaRuntime {
  readonly invocations: Invocation[] = [];
  private readonly deliveries: Delivery[] = [];
  readonly handlers = new Map<string, { fn: FunctionWiring; handler: LambdaHandler }>();

  constructor(private readonly sqs: SQSClient) {}

  async load(services: ComposedService[], resources: MotoResources): Promise<void> {
    for (const service of services) {
      for (const fn of service.functions) {
        const handler = await loadHandler(fn);
        this.handlers.set(`${service.key}/${fn.name}`, { fn, handler });
        for (const event of fn.events) {
          if (event.kind === 'eventBridge') this.deliveries.push(this.eventBridgeTarget(`${service.key}/${fn.name}`, fn, handler, resources.functionQueues[`${service.key}/${fn.name}`]!));
          if (event.kind === 'sqs') {
            this.deliveries.push(this.sqsMapping(`${service.key}/${fn.name}`, fn, handler, resources.queues[`${service.key}/${event.queueLogicalId}`]!, event.batchSize));
          }
        }
      }
    }
  }

  /** Invoke a function directly (schedules, or a test acting as the scheduler). */
  async invoke(name: string, event: unknown): Promise<unknown> {
    const entry = this.handlers.get(name);
    if (!entry) throw new Error(`no function ${name}`);
    return entry.handler(event, lambdaContext(entry.fn));
  }

  /** One pass over every queue; returns how many messages were handled. */
  async pumpOnce(): Promise<number> {
    let handled = 0;
    // Strictly one invocation at a time: moto's TransactWriteItems is not isolated between
    // concurrent requests (it restores table copies on cancel), real DynamoDB is.
    for (const delivery of this.deliveries) handled += await delivery.run(this.sqs);
    return handled;
  }

  /** Messages still queued or in flight, over every delivery queue. */
  async backlog(): Promise<number> {
    let total = 0;
    for (const { queue } of this.deliveries) {
      const { Attributes } = await this.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      total += Number(Attributes?.['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes?.['ApproximateNumberOfMessagesNotVisible'] ?? 0);
    }
    return total;
  }

  private record(name: string, started: number, records: number, error?: unknown): void {
    this.invocations.push({
      function: name,
      ok: error === undefined,
      error: error === undefined ? undefined : String((error as Error).message ?? error),
      ms: performance.now() - started,
      records,
    });
  }

  private eventBridgeTarget(name: string, fn: FunctionWiring, handler: LambdaHandler, queue: CreatedQueue): Delivery {
    return {
      name,
      queue,
      run: async (sqs) => {
        const messages = await receive(sqs, queue, 10);
        const done: Message[] = [];
        for (const m of messages) {
          const started = performance.now();
          try {
            await handler(JSON.parse(m.Body!), lambdaContext(fn));
            this.record(name, started, 1);
            done.push(m);
          } catch (error) {
            this.record(name, started, 1, error);
            // Left on the queue: it comes back after the visibility timeout, like a retried async invocation.
            if (Number(m.Attributes?.['ApproximateReceiveCount'] ?? 1) >= ASYNC_ATTEMPTS) done.push(m);
          }
        }
        await remove(sqs, queue, done);
        return messages.length;
      },
    };
  }

  private sqsMapping(name: string, fn: FunctionWiring, handler: LambdaHandler, queue: CreatedQueue, batchSize: number): Delivery {
    return {
      name,
      queue,
      run: async (sqs) => {
        const messages = await receive(sqs, queue, batchSize);
        if (messages.length === 0) return 0;
        const event = { Records: messages.map((m) => sqsRecord(m, queue)) };
        const started = performance.now();
        try {
          const result = (await handler(event, lambdaContext(fn))) as { batchItemFailures?: Array<{ itemIdentifier: string }> } | undefined;
          const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          this.record(name, started, messages.length, failed.size > 0 ? new Error(`${failed.size} partial batch failure(s)`) : undefined);
          await remove(sqs, queue, messages.filter((m) => !failed.has(m.MessageId!)));
        } catch (error) {
          this.record(name, started, messages.length, error); // the whole batch comes back
        }
        return messages.length;
      },
    };
  }
}

function sqsRecord(m: Message, queue: CreatedQueue) {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: m.Attributes ?? {},
    messageAttributes: m.MessageAttributes ?? {},
    md5OfBody: m.MD5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: REGION,
  };
}
