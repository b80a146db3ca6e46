/** Machine output: one JSON value per line (NDJSON), nothing else on stdout. */
import type { JobView, Notification } from '@s3-bulk-restore/shared';
import { notificationOf } from './notification.js';

export interface LineStream {
  write(text: string): unknown;
}

export function writeJsonLine(stream: LineStream, value: unknown): void {
  stream.write(`${JSON.stringify(value)}\n`);
}

/**
 * Notification lines for a watched job: one each time its `Status` or `ProgressPercent`
 * changes, none while it is `Preparing` (see {@link notificationOf}).
 */
export function createNotificationLines(stream: LineStream): { update(view: JobView): Notification | undefined } {
  let lastEventId: string | undefined;
  return {
    update(view) {
      const notification = notificationOf(view);
      if (!notification || notification.EventId === lastEventId) return undefined;
      lastEventId = notification.EventId;
      writeJsonLine(stream, notification);
      return notification;
    },
  };
}
