/**
 * EventBridge in one process: named buses, rules as (event pattern → target) subscriptions,
 * and the two target kinds the deployment uses. A function target is invoked the way Lambda
 * invokes asynchronously — retried twice more when it throws, then recorded as a dead letter
 * (the on-failure destination); a queue target gets the event's JSON as a message, as a rule
 * with an SQS target does. `publish` only enqueues: delivery runs on later turns, so a
 * publisher never waits on its subscribers, as with PutEvents.
 */
import { randomUUID } from 'node:crypto';
import type { BusEventInput, BusPublisher } from '@s3-bulk-restore/shared';
import { compilePattern } from './event-pattern.js';
import type { EventMatcher } from './event-pattern.js';
import { LocalQueue } from './queue.js';

/** The envelope EventBridge delivers to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601 to the second (`2024-05-01T12:00:00Z`), as EventBridge writes it. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** A Lambda function as an asynchronous-invocation target. */
export type FunctionTarget = (event: BusEvent) => Promise<unknown>;
export type BusTarget = FunctionTarget | LocalQueue;

export interface Subscription {
  id: string;
  busName: string;
  unsubscribe(): void;
}

/** An event a function target still failed on after every attempt. */
export interface BusDeadLetter {
  subscriptionId: string;
  /** The function's name, when it has one. */
  target: string;
  event: BusEvent;
  attempts: number;
  error: string;
}

export interface InProcessBusOptions {
  /** The bus `publish` puts events on (the project's custom bus). */
  busName: string;
  account?: string;
  region?: string;
  /** Epoch ms for events published without a `time` (default: the wall clock). */
  now?: () => number;
}

/** Lambda's default for asynchronous invocations: the first attempt and two retries. */
const ASYNC_ATTEMPTS = 3;

interface Rule {
  id: string;
  busName: string;
  pattern: unknown;
  matches: EventMatcher;
  target: BusTarget;
}

/** A rule as {@link InProcessBus.rules} lists it. */
export interface RuleInfo {
  id: string;
  busName: string;
  pattern: unknown;
  /** The queue's name, or the function's. */
  target: string;
}

export class InProcessBus implements BusPublisher {
  private readonly ruleList: Rule[] = [];
  private readonly dead: BusDeadLetter[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Per function subscription, the tail of its invocations: one at a time, in order, like the harness. */
  private readonly tails = new Map<string, Promise<void>>();
  private nextRule = 1;

  constructor(private readonly options: InProcessBusOptions) {}

  /** PutEvents on the configured bus. */
  async publish(events: BusEventInput[]): Promise<void> {
    this.publishTo(this.options.busName, events);
  }

  /** PutEvents on any bus by name (`default` for what AWS services emit). Returns the envelopes. */
  publishTo(busName: string, events: BusEventInput[]): BusEvent[] {
    const envelopes = events.map((e) => this.envelope(e));
    this.route(busName, envelopes);
    return envelopes;
  }

  /**
   * Route events that already have their envelope: what an AWS service (the sandbox's S3) puts
   * on a bus, or what a bus-to-bus rule forwards (EventBridge keeps the id, time and source).
   */
  route(busName: string, envelopes: readonly BusEvent[]): void {
    for (const event of envelopes) {
      for (const rule of this.ruleList) {
        if (rule.busName === busName && rule.matches(event)) this.deliver(rule, structuredClone(event));
      }
    }
  }

  /** A publisher bound to another bus, for code that takes the port. */
  publisherFor(busName: string): BusPublisher {
    return { publish: async (events) => void this.publishTo(busName, events) };
  }

  /**
   * Add a rule. The pattern is validated now: one EventBridge would refuse throws
   * `EventPatternError` here.
   *
   * @example
   * bus.subscribe('s3-bulk-restore-dev', { source: [{ prefix: 's3-bulk-restore.' }] }, async (event) => log(event));
   */
  subscribe(busName: string, pattern: unknown, target: BusTarget): Subscription {
    const rule: Rule = { id: `rule-${this.nextRule++}`, busName, pattern: structuredClone(pattern), matches: compilePattern(pattern), target };
    this.ruleList.push(rule);
    return {
      id: rule.id,
      busName,
      unsubscribe: () => {
        const index = this.ruleList.indexOf(rule);
        if (index >= 0) this.ruleList.splice(index, 1);
      },
    };
  }

  /** The rules, in the order they were added. */
  rules(): RuleInfo[] {
    return this.ruleList.map((r) => ({ id: r.id, busName: r.busName, pattern: r.pattern, target: r.target instanceof LocalQueue ? r.target.name : r.target.name || 'anonymous' }));
  }

  /** Whether a function target is running or waiting its turn now. */
  busy(): boolean {
    return this.inFlight.size > 0;
  }

  deadLetters(): readonly BusDeadLetter[] {
    return this.dead;
  }

  /** Resolves when no invocation is running or queued and every subscribed queue is idle. */
  async idle(): Promise<void> {
    for (;;) {
      const queues = this.ruleList.flatMap((r) => (r.target instanceof LocalQueue ? [r.target] : []));
      if (this.inFlight.size === 0) {
        await Promise.all(queues.map((q) => q.idle()));
        // A queue's consumer may have published again; settle only when nothing started meanwhile.
        if (this.inFlight.size === 0) return;
      }
      await Promise.all([...this.inFlight]);
    }
  }

  private envelope(input: BusEventInput): BusEvent {
    const ms = input.time?.getTime() ?? this.options.now?.() ?? Date.now();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': input.detailType,
      source: input.source,
      account: this.options.account ?? '000000000000',
      time: new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      region: this.options.region ?? 'us-east-1',
      resources: [],
      // PutEvents carries Detail as JSON text: subscribers get what the JSON says, not the publisher's object.
      detail: JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>,
    };
  }

  private deliver(rule: Rule, event: BusEvent): void {
    if (rule.target instanceof LocalQueue) {
      rule.target.send(JSON.stringify(event));
      return;
    }
    const invoke = rule.target;
    const previous = this.tails.get(rule.id) ?? Promise.resolve();
    const run = previous.then(() => this.invokeWithRetries(rule.id, invoke, event));
    this.tails.set(rule.id, run);
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (this.tails.get(rule.id) === run) this.tails.delete(rule.id);
    });
  }

  private async invokeWithRetries(subscriptionId: string, invoke: FunctionTarget, event: BusEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Each attempt gets a fresh copy: a handler that mutates its event cannot change the retry.
        await invoke(structuredClone(event));
        return;
      } catch (error) {
        if (attempt < ASYNC_ATTEMPTS) continue;
        const message = error instanceof Error ? error.message : String(error);
        this.dead.push({ subscriptionId, target: invoke.name || 'anonymous', event, attempts: attempt, error: message });
        return;
      }
    }
  }
}
