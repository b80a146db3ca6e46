/**
 * {@link NotificationSink} that appends each notification to a file as one NDJSON line, in the
 * same shape an SNS-to-SQS subscription shows a consumer (`Type`, the attributes, the message), so
 * a script reading the file and one reading the queue parse the same thing.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Notification } from '@s3-bulk-restore/shared';
import { notificationSendFailed } from '../../app/errors.js';
import type { NotificationAttributes, NotificationSink } from '../../app/ports.js';

export interface NdjsonFileSinkOptions {
  /** The file to append to; its directory is created on the first send. */
  file: string;
}

/** One line of the file. */
export interface NdjsonNotificationLine {
  type: 'Notification';
  attributes: NotificationAttributes;
  message: Notification;
}

/**
 * @example
 * const sink = new NdjsonFileSink({ file: '.s3-bulk-restore/notifications.ndjson' });
 * await sink.send(note, attributesOf(note)); // appends {"type":"Notification","attributes":{…},"message":{…}}\n
 */
export class NdjsonFileSink implements NotificationSink {
  private directoryReady: Promise<unknown> | undefined;

  constructor(private readonly options: NdjsonFileSinkOptions) {}

  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    const line: NdjsonNotificationLine = { type: 'Notification', attributes, message: notification };
    try {
      this.directoryReady ??= mkdir(dirname(this.options.file), { recursive: true });
      await this.directoryReady;
      // One append per line: the file is opened with O_APPEND and the whole line goes in one
      // write, so concurrent sends (or two processes on one file) never interleave within a line.
      // No fsync: a line lost to a power cut is re-sent, because the ledger only marks it sent after.
      await appendFile(this.options.file, `${JSON.stringify(line)}\n`, 'utf8');
    } catch (error) {
      this.directoryReady = undefined;
      throw notificationSendFailed(notification.EventId, [{ channel: 'ndjson', error }]);
    }
  }
}
