/**
 * {@link NotificationSink} that sends each notification to several sinks (NDJSON file, SSE,
 * webhook). Every sink is tried even when one fails; then, if any failed, it throws so the
 * notifier releases the claim and the notification is sent again — to all of them, so the ones
 * that had accepted it get a copy with the same `EventId` (consumers dedupe on it).
 */
import type { Notification } from '@s3-bulk-restore/shared';
import { notificationSendFailed } from '../../app/errors.js';
import type { NotificationAttributes, NotificationSink } from '../../app/ports.js';

export class FanoutSink implements NotificationSink {
  constructor(private readonly sinks: readonly NotificationSink[]) {}

  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.send(notification, attributes)));
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected' ? [{ channel: channelName(this.sinks[i], i), error: result.reason as unknown }] : [],
    );
    if (failures.length > 0) throw notificationSendFailed(notification.EventId, failures);
  }
}

/** The sink's class name (e.g. `WebhookSink`) and its position, for the error's `channels`. */
function channelName(sink: NotificationSink | undefined, index: number): string {
  return `${sink?.constructor.name ?? 'sink'}#${index}`;
}
