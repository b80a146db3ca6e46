/** The destinations configured for the sandbox, as sinks per delivery kind. */
import type { Delivery, Sink } from './message.js';
import { CallbackSink } from './senders/callback.js';
import { EventBridgeSink } from './senders/eventbridge.js';
import { SqsSink } from './senders/sqs.js';

export interface EventDestinations {
  /** An EventBridge endpoint (e.g. moto_server); events go to `busName` (default `default`). */
  eventBridge?: { endpoint: string; busName?: string };
  /** An SQS endpoint (e.g. moto_server); queue URLs are `<endpoint>/<account>/<queue name>`. */
  sqs?: { endpoint: string };
  /** Receives every delivery in process, EventBridge events with their full envelope. */
  callback?: (delivery: Delivery) => void | Promise<void>;
}

export class DestinationSinks {
  private eventBridge: EventBridgeSink | undefined;
  private sqsSink: SqsSink | undefined;
  private callback: CallbackSink | undefined;
  /** Sinks replaced while batches may still use them; closed with the rest. */
  private readonly retired: Sink[] = [];
  private readonly warned = new Set<Delivery['kind']>();

  constructor(
    destinations: EventDestinations,
    private readonly log: (message: string) => void,
  ) {
    this.replace(destinations);
  }

  replace(destinations: EventDestinations): void {
    for (const sink of [this.eventBridge, this.sqsSink]) if (sink) this.retired.push(sink);
    const eb = destinations.eventBridge;
    this.eventBridge = eb ? new EventBridgeSink(eb.endpoint, eb.busName ?? 'default') : undefined;
    this.sqsSink = destinations.sqs ? new SqsSink(destinations.sqs.endpoint) : undefined;
    this.callback = destinations.callback ? new CallbackSink(destinations.callback) : undefined;
    this.warned.clear();
  }

  /** Where a message of this kind goes. None: it is only kept for `recent()` (logged once). */
  for(kind: Delivery['kind']): Sink[] {
    const external = kind === 'eventbridge' ? this.eventBridge : this.sqsSink;
    const sinks = [external, this.callback].filter((s): s is NonNullable<typeof s> => s !== undefined);
    if (!external && !this.warned.has(kind)) {
      this.warned.add(kind);
      const what = kind === 'eventbridge' ? 'EventBridge' : 'SQS';
      this.log(`events: no ${what} destination configured; ${what} messages go to ${this.callback ? 'the callback and ' : ''}GET /_sandbox/events only`);
    }
    return sinks;
  }

  get sqs(): SqsSink | undefined {
    return this.sqsSink;
  }

  get callbackSink(): CallbackSink | undefined {
    return this.callback;
  }

  close(): void {
    for (const sink of [...this.retired, this.eventBridge, this.sqsSink, this.callback]) sink?.close();
    this.retired.length = 0;
  }
}
