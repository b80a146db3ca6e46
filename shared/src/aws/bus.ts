/**
 * Publishing our events on the custom bus. The port is what use cases depend on; the
 * EventBridge adapter sends PutEvents in chunks of 10 (the API's limit), retries the entries
 * EventBridge reports as failed, and throws if some still fail — so a caller's retry (Lambda,
 * SQS redelivery) publishes them again rather than losing them.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry , EventBridgeClient} from '@aws-sdk/client-eventbridge';
import { DomainError } from '../domain/errors.js';

export interface BusEventInput {
  source: string;
  detailType: string;
  detail: object;
  time?: Date;
}

export interface BusPublisher {
  publish(events: BusEventInput[]): Promise<void>;
}

export interface EventBridgeBusPublisherOptions {
  client: EventBridgeClient;
  busName: string;
  /** Attempts for entries EventBridge reports as failed (default 3). */
  attempts?: number;
}

export class EventBridgeBusPublisher implements BusPublisher {
  constructor(private readonly options: EventBridgeBusPublisherOptions) {}

  async publish(events: BusEventInput[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      await this.publishChunk(events.slice(i, i + 10).map((e) => this.entry(e)));
    }
  }

  private entry(event: BusEventInput): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: event.time,
    };
  }

  private async publishChunk(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await this.options.client.send(new PutEventsCommand({ Entries: pending }));
      if (!out.FailedEntryCount) return;
      const failed = pending.filter((_, i) => out.Entries?.[i]?.ErrorCode);
      if (attempt >= attempts) {
        const first = out.Entries?.find((e) => e.ErrorCode);
        throw new DomainError('PublishFailed', `EventBridge refused ${failed.length} event(s): ${first?.ErrorCode}: ${first?.ErrorMessage}`, {
          failed: failed.length,
        });
      }
      pending = failed;
    }
  }
}
