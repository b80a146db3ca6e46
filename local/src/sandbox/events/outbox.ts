/**
 * The outbox between the emitters and the destinations. Emitting only files a message; sending
 * happens later, in batches of up to 10 messages of one route, at most `maxInFlight` batches at
 * a time, with bounded retries. Delivery time is virtual: a message is due at its event time
 * (plus any injected delay, waited for on the virtual clock).
 */
import type { Clock } from '../clock.js';
import { NO_FAULTS } from './faults.js';
import type { FaultPlan } from './faults.js';
import type { Outbound, Sink } from './message.js';
import { errorText } from './senders/credentials.js';

export interface RetryPolicy {
  /** Attempts per sink, first one included. */
  attempts: number;
  /** Wall-clock backoff before attempt n+1: base × 2^(n-1). Network retries are real time. */
  baseDelayMs: number;
}

export interface OutboxCounters {
  delivered: number;
  failed: number;
  duplicated: number;
  delayed: number;
  reordered: number;
}

export interface OutboxOptions {
  clock: Clock;
  /** The sinks for a message, looked up when it is sent (destinations can change meanwhile). */
  sinksFor(message: Outbound): readonly Sink[];
  delivered(message: Outbound): void;
  gaveUp(messages: readonly Outbound[], sink: Sink, reason: string): void;
  counters: OutboxCounters;
  retry: RetryPolicy;
  maxInFlight?: number;
  batchSize?: number;
}

export class Outbox {
  /** Due messages by route, routes in first-come order. */
  private readonly ready = new Map<string, Fifo<Outbound>>();
  private readonly held = new Map<string, Outbound[]>();
  private readyCount = 0;
  private heldCount = 0;
  private waitingOnClock = 0;
  private inFlightBatches = 0;
  private inFlightMessages = 0;
  private pumpScheduled = false;
  private idleWaiters: Array<() => void> = [];
  /** Every message filed and not yet delivered or given up on, with the virtual time it is due. */
  private readonly unsettled = new Map<Outbound, number>();

  constructor(private readonly options: OutboxOptions) {}

  /** What is still to be delivered, for a snapshot: re-filed with {@link refile} after a restart. */
  unsent(): Array<{ message: Outbound; dueAt: number }> {
    return [...this.unsettled].map(([message, dueAt]) => ({ message, dueAt }));
  }

  /** File messages a snapshot kept, without new faults (those were applied when they were first filed). */
  refile(messages: ReadonlyArray<{ message: Outbound; dueAt: number }>): void {
    for (const { message, dueAt } of messages) this.submit(message, dueAt, NO_FAULTS, 1);
  }

  get pending(): number {
    return this.readyCount + this.heldCount + this.waitingOnClock + this.inFlightMessages;
  }

  /** File a message due at `dueAt` (virtual ms), applying a fault plan that is not a drop. */
  submit(message: Outbound, dueAt: number, plan: FaultPlan, holdLimitMs: number): void {
    const counters = this.options.counters;
    const copies = plan.duplicate ? [message, { ...message }] : [message];
    if (plan.duplicate) counters.duplicated++;
    if (plan.delayMs > 0) counters.delayed++;
    if (plan.reorder) counters.reordered++;
    const at = dueAt + plan.delayMs;
    for (const copy of copies) {
      this.unsettled.set(copy, at);
      const arrive = () => (plan.reorder ? this.hold(copy, holdLimitMs) : this.release(copy));
      if (at <= this.options.clock.now()) {
        arrive();
      } else {
        this.waitingOnClock++;
        this.options.clock.schedule(at, () => {
          this.waitingOnClock--;
          arrive();
        });
      }
    }
  }

  /** Resolve once nothing due is waiting or in flight. */
  flush(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    this.schedulePump();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Held back: released right after the next message to the same route, or after `limitMs`. */
  private hold(message: Outbound, limitMs: number): void {
    const list = this.held.get(message.route) ?? [];
    list.push(message);
    this.held.set(message.route, list);
    this.heldCount++;
    this.options.clock.schedule(this.options.clock.now() + limitMs, () => {
      const current = this.held.get(message.route);
      const index = current?.indexOf(message) ?? -1;
      if (index < 0) return;
      current!.splice(index, 1);
      this.heldCount--;
      this.push(message);
    });
  }

  private release(message: Outbound): void {
    this.push(message);
    const held = this.held.get(message.route);
    if (held && held.length > 0) {
      this.held.delete(message.route);
      this.heldCount -= held.length;
      for (const m of held) this.push(m);
    }
  }

  private push(message: Outbound): void {
    let queue = this.ready.get(message.route);
    if (!queue) this.ready.set(message.route, (queue = new Fifo()));
    queue.push(message);
    this.readyCount++;
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const maxInFlight = this.options.maxInFlight ?? 8;
    const batchSize = this.options.batchSize ?? 10;
    while (this.inFlightBatches < maxInFlight && this.readyCount > 0) {
      const [route, queue] = this.ready.entries().next().value as [string, Fifo<Outbound>];
      const batch = queue.take(batchSize);
      if (queue.size === 0) this.ready.delete(route);
      this.readyCount -= batch.length;
      this.inFlightBatches++;
      this.inFlightMessages += batch.length;
      void this.sendBatch(batch).finally(() => {
        this.inFlightBatches--;
        this.inFlightMessages -= batch.length;
        this.pump();
      });
    }
    if (this.idle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private idle(): boolean {
    return this.readyCount === 0 && this.inFlightBatches === 0;
  }

  private async sendBatch(batch: Outbound[]): Promise<void> {
    const failed = new Set<Outbound>();
    try {
      for (const sink of this.options.sinksFor(batch[0]!)) {
        const left = await this.sendWithRetries(sink, batch);
        for (const m of left) failed.add(m);
      }
    } catch {
      for (const m of batch) failed.add(m); // a defect in a sink, not a delivery failure: count, never crash
    }
    const counters = this.options.counters;
    for (const m of batch) {
      this.unsettled.delete(m);
      if (failed.has(m)) counters.failed++;
      else {
        counters.delivered++;
        this.options.delivered(m);
      }
    }
  }

  /** The messages still not accepted after the last attempt. */
  private async sendWithRetries(sink: Sink, batch: readonly Outbound[]): Promise<readonly Outbound[]> {
    const { attempts, baseDelayMs } = this.options.retry;
    let remaining = batch;
    let reason: string | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await sink.send(remaining);
        remaining = result.failed;
        reason = result.reason;
      } catch (error) {
        reason = errorText(error);
      }
      if (remaining.length === 0) return remaining;
      if (attempt >= attempts) break;
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
    }
    this.options.gaveUp(remaining, sink, reason ?? 'not accepted');
    return remaining;
  }
}

/** A FIFO queue with O(1) amortised take from the front (Array#splice(0, n) is O(length)). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  take(n: number): T[] {
    const taken = this.items.slice(this.head, this.head + n);
    this.head += taken.length;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}
