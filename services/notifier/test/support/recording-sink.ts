/**
 * A {@link NotificationSink} that records what it was given and can be told to fail, to play an
 * SNS/SQS outage in use-case tests.
 */
import type { Notification } from '@s3-bulk-restore/shared';
import { notificationSendFailed } from '../../src/app/errors.js';
import type { NotificationAttributes, NotificationSink } from '../../src/app/ports.js';

export class RecordingSink implements NotificationSink {
  readonly sent: Array<{ notification: Notification; attributes: NotificationAttributes }> = [];
  /** Calls refused so far. */
  refused = 0;
  private failuresLeft = 0;

  /** Refuse the next `count` sends (as SNS would during an outage). */
  failNext(count: number): void {
    this.failuresLeft = count;
  }

  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      this.refused++;
      throw notificationSendFailed(notification.EventId, [{ channel: 'sns', error: new Error('InternalError: SNS is down') }]);
    }
    this.sent.push({ notification: structuredClone(notification), attributes: { ...attributes } });
  }

  /** The EventIds delivered, in order. */
  eventIds(): string[] {
    return this.sent.map((s) => s.notification.EventId);
  }
}
