/**
 * An SQS queue with a Lambda event source mapping, in memory: the semantics the deployment's
 * queues have (and the e2e harness reproduces on moto). Batches of up to `batchSize` records,
 * gathered for up to the batching window; successes deleted; records a consumer reports in
 * `batchItemFailures` (or every record, when it throws) become visible again after the
 * visibility timeout; a record received `maxReceiveCount` times without success moves to the
 * dead-letter list. One batch in flight at a time, as in the harness.
 *
 * With a {@link QueueJournal} the queue is durable: every message is written down when it is
 * sent and crossed out when it is deleted or dead-lettered, so a process killed mid-batch
 * finds its undelivered messages again ({@link LocalQueue.recover}) — SQS's at-least-once.
 */
import { randomUUID } from 'node:crypto';

/** The time source queue timers run on; the sandbox's virtual clock or a test's fake one. */
export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

export interface LocalQueueOptions {
  /** Most records per consumer call (the mapping's `batchSize`). */
  batchSize: number;
  /** How long to wait for a batch to fill before delivering a partial one (`maximumBatchingWindow`, in ms). */
  maximumBatchingWindowMs: number;
  /** How long a received record stays invisible before a failed one is delivered again. */
  visibilityTimeoutMs: number;
  /** Receives after which a still-failing record moves to the dead-letter list (the redrive policy). */
  maxReceiveCount: number;
  clock?: QueueClock;
  /** Where messages are written down while they wait; none keeps them only in memory. */
  journal?: QueueJournal;
}

/** Durable storage of a queue's undelivered messages (the local runner keeps it in SQLite). */
export interface QueueJournal {
  added(queue: string, message: { messageId: string; body: string }): void;
  /** Deleted after a successful delivery. */
  removed(queue: string, messageId: string): void;
  /** Moved to the dead-letter list after its last failed receive. */
  deadLettered(queue: string, message: QueueDeadLetter): void;
}

export interface QueueRecord {
  messageId: string;
  body: string;
  /** 1 on the first delivery (SQS's `ApproximateReceiveCount`). */
  receiveCount: number;
}

/** What a consumer returns: the `ReportBatchItemFailures` response, or nothing when all succeeded. */
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

export type QueueConsumer = (records: QueueRecord[]) => Promise<BatchResponse | void>;

export interface QueueDeadLetter extends QueueRecord {
  /** Why its last delivery failed: the thrown error's message, or that the consumer reported it. */
  error: string;
}

interface StoredMessage extends QueueRecord {
  /** Epoch ms from which it may be received. */
  visibleAt: number;
}

const wallClock: QueueClock = {
  now: () => Date.now(),
  // unref: a pending redelivery must not keep a finished process alive.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
};

export class LocalQueue {
  private readonly clock: QueueClock;
  /** By message id, in send order. */
  private readonly messages = new Map<string, StoredMessage>();
  private readonly dead: QueueDeadLetter[] = [];
  private consumer: QueueConsumer | undefined;
  private inFlight = false;
  /** When the pending wake-up fires; at most one is armed, the earliest needed. */
  private wakeAt = Infinity;
  private waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    private readonly options: LocalQueueOptions,
  ) {
    if (!(options.batchSize >= 1)) throw new RangeError(`queue ${name}: batchSize must be at least 1`);
    if (!(options.maxReceiveCount >= 1)) throw new RangeError(`queue ${name}: maxReceiveCount must be at least 1`);
    this.clock = options.clock ?? wallClock;
  }

  /** Enqueue a message (SendMessage); returns its message id. Delivery happens later. */
  send(body: string): string {
    const messageId = randomUUID();
    this.options.journal?.added(this.name, { messageId, body });
    this.messages.set(messageId, { messageId, body, receiveCount: 0, visibleAt: this.clock.now() });
    this.schedulePump();
    return messageId;
  }

  /**
   * Put back messages a previous process left in the journal (already written down, so not
   * journaled again). They count as received once: the crash interrupted their delivery.
   */
  recover(messages: ReadonlyArray<{ messageId: string; body: string }>): void {
    const now = this.clock.now();
    for (const { messageId, body } of messages) this.messages.set(messageId, { messageId, body, receiveCount: 0, visibleAt: now });
    if (messages.length > 0) this.schedulePump();
  }

  /** Attach the consumer (the event source mapping). One per queue, as a mapping owns its queue. */
  consume(consumer: QueueConsumer): void {
    if (this.consumer) throw new Error(`queue ${this.name} already has a consumer`);
    this.consumer = consumer;
    this.schedulePump();
  }

  /** Messages not yet deleted or dead-lettered (visible, waiting or in flight). */
  depth(): number {
    return this.messages.size;
  }

  /**
   * Whether a batch is running or one is due now — false when everything left waits for time to
   * pass (a visibility timeout, a batching window): what a driver of a manual clock needs to know
   * before it advances.
   */
  hasWorkNow(): boolean {
    if (this.inFlight) return true;
    if (!this.consumer) return false;
    const now = this.clock.now();
    let visible = 0;
    let oldest = Infinity;
    for (const m of this.messages.values()) {
      if (m.visibleAt > now) continue;
      visible += 1;
      oldest = Math.min(oldest, m.visibleAt);
      if (visible >= this.options.batchSize) return true;
    }
    return visible > 0 && now >= oldest + this.options.maximumBatchingWindowMs;
  }

  deadLetters(): readonly QueueDeadLetter[] {
    return this.dead;
  }

  /**
   * Resolves once no batch is in flight and nothing is left to deliver (or no consumer is
   * attached, so nothing will be). Failed records waiting out their visibility timeout count as
   * left to deliver: with a fake clock, advance it while waiting.
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.inFlight && (this.consumer === undefined || this.messages.size === 0);
  }

  private settle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Pump on a later turn, so a burst of sends lands before the first batch is cut. */
  private schedulePump(): void {
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    if (!this.consumer || this.inFlight) return this.settle();
    const now = this.clock.now();
    const batch: StoredMessage[] = [];
    let oldestVisible = Infinity;
    let nextVisible = Infinity;
    // Insertion order is send order; stop as soon as a full batch is found (big backlogs stay O(batch)).
    for (const m of this.messages.values()) {
      if (m.visibleAt > now) {
        nextVisible = Math.min(nextVisible, m.visibleAt);
        continue;
      }
      batch.push(m);
      oldestVisible = Math.min(oldestVisible, m.visibleAt);
      if (batch.length === this.options.batchSize) break;
    }
    if (batch.length === 0) {
      if (Number.isFinite(nextVisible)) this.wakeUpAt(nextVisible);
      return this.settle();
    }
    // The batching window opens when the oldest visible record became available.
    const windowEnds = oldestVisible + this.options.maximumBatchingWindowMs;
    if (batch.length < this.options.batchSize && now < windowEnds) return this.wakeUpAt(windowEnds);
    void this.deliver(batch, now);
  }

  private wakeUpAt(at: number): void {
    if (at >= this.wakeAt) return;
    this.wakeAt = at;
    this.clock.setTimeout(
      () => {
        if (this.wakeAt === at) this.wakeAt = Infinity;
        this.pump();
      },
      Math.max(at - this.clock.now(), 0),
    );
  }

  private async deliver(batch: StoredMessage[], receivedAt: number): Promise<void> {
    this.inFlight = true;
    for (const m of batch) {
      m.receiveCount += 1;
      m.visibleAt = receivedAt + this.options.visibilityTimeoutMs;
    }
    const records = batch.map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount }));
    let failed: Map<string, string>;
    try {
      const response = await this.consumer!(records);
      failed = new Map((response?.batchItemFailures ?? []).map((f) => [f.itemIdentifier, 'reported in batchItemFailures']));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failed = new Map(batch.map((m) => [m.messageId, reason])); // a thrown consumer fails the whole batch
    }
    for (const m of batch) {
      const reason = failed.get(m.messageId);
      if (reason === undefined) {
        this.remove(m);
        this.options.journal?.removed(this.name, m.messageId);
      } else if (m.receiveCount >= this.options.maxReceiveCount) {
        // SQS moves it on the receive after this one; moving it now gives the same outcome sooner.
        this.remove(m);
        const dead = { messageId: m.messageId, body: m.body, receiveCount: m.receiveCount, error: reason };
        this.dead.push(dead);
        this.options.journal?.deadLettered(this.name, dead);
      }
    }
    this.inFlight = false;
    this.pump();
  }

  private remove(message: StoredMessage): void {
    this.messages.delete(message.messageId);
  }
}
