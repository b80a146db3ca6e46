/**
 * EventBridge destination: PutEvents, up to 10 entries per call, one client per Region.
 *
 * PutEvents cannot set the envelope's `id` or `account`: the bus assigns them. Real EventBridge
 * fills `account` with the caller's account; moto 5.2.1 leaves it out (stack-serverless §4.2), so
 * rule targets on moto receive events without `account`. The callback destination gets the full
 * envelope as S3 would send it. Real EventBridge also refuses `aws.*` sources from PutEvents
 * (they are reserved for AWS services), so this destination is meant for moto or a local bus.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from '../formats/eventbridge.js';
import type { Outbound, SendResult, Sink } from '../message.js';
import { DESTINATION_CREDENTIALS, SDK_MAX_ATTEMPTS } from './credentials.js';

export class EventBridgeSink implements Sink {
  readonly name = 'EventBridge';
  private readonly clients = new Map<string, EventBridgeClient>();

  constructor(
    private readonly endpoint: string,
    private readonly busName: string = 'default',
  ) {}

  async send(batch: readonly Outbound[]): Promise<SendResult> {
    const entries = batch.map((m) => this.entry(m));
    const output = await this.client(batch[0]!.region).send(new PutEventsCommand({ Entries: entries }));
    if (!output.FailedEntryCount) return { failed: [] };
    const failed = batch.filter((_, i) => output.Entries?.[i]?.ErrorCode !== undefined || output.Entries?.[i]?.EventId === undefined);
    const first = output.Entries?.find((e) => e.ErrorCode);
    return { failed, reason: first ? `${first.ErrorCode}: ${first.ErrorMessage ?? ''}` : 'PutEvents reported failed entries' };
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private entry(message: Outbound): PutEventsRequestEntry {
    if (message.delivery.kind !== 'eventbridge') throw new TypeError('EventBridgeSink got a non-EventBridge message');
    const event = message.delivery.event as EventBridgeEvent;
    return {
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify(event.detail),
      Resources: event.resources,
      Time: new Date(event.time),
      EventBusName: this.busName,
    };
  }

  private client(region: string): EventBridgeClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new EventBridgeClient({ region, endpoint: this.endpoint, credentials: DESTINATION_CREDENTIALS, maxAttempts: SDK_MAX_ATTEMPTS });
      this.clients.set(region, client);
    }
    return client;
  }
}
