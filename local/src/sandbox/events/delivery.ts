/**
 * Restore events (and Batch Operations status events) on their way out of the sandbox.
 *
 * `emit` only turns an event into messages — an EventBridge event if the bucket has EventBridge
 * on, one notification record per matching queue configuration — and files them in the outbox;
 * sending happens later and in batches (see outbox.ts). Fault knobs are read per message when it
 * is emitted. Messages that are not dropped reach every destination configured for their kind
 * (EventBridge endpoint or SQS endpoint, plus the callback) and the in-memory log behind
 * `recent()` (dev API `GET /_sandbox/events`).
 */
import type { BatchJobEvent } from '../batch/events.js';
import type { VirtualClock } from '../clock.js';
import type { FaultSettings } from '../context.js';
import type { Rng } from '../random.js';
import type { Bucket, QueueConfiguration } from '../state/model.js';
import { planFaults } from './faults.js';
import { eventBridgeEnvelope, restoreEventBridgeEvent } from './formats/eventbridge.js';
import type { EventBridgeEvent } from './formats/eventbridge.js';
import { recordBody, restoreRecord } from './formats/s3-record.js';
import { EventIds } from './ids.js';
import type { Delivery, Outbound } from './message.js';
import { Outbox } from './outbox.js';
import type { OutboxCounters, RetryPolicy } from './outbox.js';
import { RecentLog } from './recent-log.js';
import { queueMatches } from './routing.js';
import { DestinationSinks } from './sinks.js';
import type { EventDestinations } from './sinks.js';
import { parseQueueArn } from './senders/sqs.js';
import type { RestoreEvent, RestoreEventSink } from './types.js';
import { validateQueueDestinations } from './validation.js';

export type { Delivery } from './message.js';
export type { EventDestinations } from './sinks.js';

export interface EventDeliveryOptions {
  clock: VirtualClock;
  seed: number;
  rng: Rng;
  accountId: string;
  region: string;
  faults: () => FaultSettings['events'];
  destinations: EventDestinations;
  log: (message: string) => void;
  /** Default: 4 attempts per sink, 100 ms wall-clock backoff doubling. */
  retry?: RetryPolicy;
  /** Deliveries kept for `recent()` (default 1,000). */
  recentLimit?: number;
}

export interface EventDeliveryStats {
  /** Messages made for destinations (one per EventBridge event, one per matching queue configuration). */
  emitted: number;
  delivered: number;
  duplicated: number;
  dropped: number;
  delayed: number;
  reordered: number;
  failed: number;
  pending: number;
}

export class EventDelivery implements RestoreEventSink {
  private readonly ids: EventIds;
  private readonly sinks: DestinationSinks;
  private readonly outbox: Outbox;
  private readonly counters: OutboxCounters & { emitted: number; dropped: number };
  private readonly recentLog: RecentLog;
  private closed = false;

  constructor(private readonly options: EventDeliveryOptions) {
    this.ids = new EventIds(options.seed);
    this.sinks = new DestinationSinks(options.destinations, options.log);
    this.recentLog = new RecentLog(options.recentLimit ?? 1000);
    this.counters = { emitted: 0, delivered: 0, duplicated: 0, dropped: 0, delayed: 0, reordered: 0, failed: 0 };
    this.outbox = new Outbox({
      clock: options.clock,
      counters: this.counters,
      retry: options.retry ?? { attempts: 4, baseDelayMs: 100 },
      sinksFor: (message) => this.sinks.for(message.delivery.kind),
      delivered: (message) => this.recentLog.add(message.delivery),
      gaveUp: (messages, sink, reason) =>
        options.log(`events: gave up on ${messages.length} ${sink.name} message(s) after ${this.retryAttempts} attempts: ${reason}`),
    });
  }

  emit(event: RestoreEvent): void {
    if (this.closed) return;
    const { notification } = event;
    const queues = notification.QueueConfigurations.filter((q) => queueMatches(q, event.name, event.object.key));
    if (!notification.EventBridgeEnabled && queues.length === 0) return;
    // S3 itself completes and expires restores: those events carry no request ids of their own.
    const requestId = event.requestId || this.ids.requestId();
    const hostId = event.hostId || (queues.length > 0 ? this.ids.hostId() : '');
    if (notification.EventBridgeEnabled) {
      this.file(this.eventBridgeMessage(restoreEventBridgeEvent(event, this.ids.uuid(), requestId)), event.time);
    }
    for (const queue of queues) {
      const body = recordBody(restoreRecord(event, queue, { requestId, hostId }));
      this.file(this.queueMessage(queue.QueueArn, body, event.bucket.region), event.time);
    }
  }

  /** Batch Operations status events: account-level (CloudTrail via EventBridge), not bucket configuration. */
  emitJobEvent(event: BatchJobEvent): void {
    if (this.closed) return;
    this.file(this.eventBridgeMessage(eventBridgeEnvelope(event, this.ids.uuid())), event.time);
  }

  /** Send `s3:TestEvent` to each queue now; the ARNs that could not be reached. */
  validateQueues(bucket: Bucket, queues: QueueConfiguration[], requestId: string, hostId: string): Promise<string[]> {
    return validateQueueDestinations({
      bucket,
      queues,
      requestId,
      hostId,
      now: this.options.clock.now(),
      sinks: this.sinks,
      accepted: (delivery) => this.recentLog.add(delivery),
    });
  }

  setDestinations(destinations: EventDestinations): void {
    this.sinks.replace(destinations);
  }

  flush(): Promise<void> {
    return this.outbox.flush();
  }

  /** Messages filed and not yet sent, for the state snapshot (a restart sends them then). */
  toJSON(): Array<{ message: Outbound; dueAt: number }> {
    return this.outbox.unsent();
  }

  /** Send again what a snapshot says was not sent (duplicates are possible, as with S3's at-least-once). */
  load(unsent: ReadonlyArray<{ message: Outbound; dueAt: number }>): void {
    this.outbox.refile(unsent);
  }

  stats(): EventDeliveryStats {
    return { ...this.counters, pending: this.outbox.pending };
  }

  recent(limit?: number): Delivery[] {
    return this.recentLog.last(limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.outbox.flush();
    this.sinks.close();
  }

  private get retryAttempts(): number {
    return this.options.retry?.attempts ?? 4;
  }

  private file(message: Outbound, dueAt: number): void {
    this.counters.emitted++;
    const settings = this.options.faults();
    const plan = planFaults(this.options.rng, settings);
    if (plan.drop) {
      this.counters.dropped++;
      return;
    }
    this.outbox.submit(message, dueAt, plan, Math.max(settings.maxDelayMs, 1));
  }

  private eventBridgeMessage(event: EventBridgeEvent): Outbound {
    return { delivery: { kind: 'eventbridge', event }, route: `eventbridge:${event.region}`, region: event.region };
  }

  private queueMessage(queueArn: string, body: string, fallbackRegion: string): Outbound {
    const region = parseQueueArn(queueArn)?.region ?? fallbackRegion;
    return { delivery: { kind: 'sqs', queueArn, body }, route: `sqs:${queueArn}`, region };
  }
}
