/**
 * The NotificationSink contract: a notification reaches topic subscribers (all of them, and one
 * whose filter policy is `{"Status": ["Complete"]}`) and the queue, with the same body and the
 * message attributes subscribers filter on; if any channel refuses, `send` throws.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { Notification } from '@s3-bulk-restore/shared';
import { attributesOf } from '../../src/app/notifications.js';
import type { NotificationSink } from '../../src/app/ports.js';
import { finishedNote, newJobId, progressNote } from '../support/fixtures.js';

/** One message as a consumer reads it: the body text and the message attributes. */
export interface Delivered {
  body: string;
  attributes: Record<string, string>;
}

export interface SinkHarness {
  sink: NotificationSink;
  /** Everything that arrived since the last call, per consumer. */
  delivered(): Promise<{ topic: Delivered[]; completeOnly: Delivered[]; queue: Delivered[] }>;
  /** A sink whose topic (or queue) does not exist, so that channel refuses. */
  brokenSink(channel: 'topic' | 'queue'): NotificationSink;
  cleanup(): Promise<void>;
}

function tagged(notification: Notification, clientTag: string | undefined): Notification {
  const { ClientTag: _drop, ...rest } = notification;
  return contracts.notification.parse(clientTag === undefined ? rest : { ...rest, ClientTag: clientTag });
}

export function notificationSinkContract(name: string, setup: () => Promise<SinkHarness>): void {
  describe(`NotificationSink contract: ${name}`, () => {
    let h: SinkHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => h?.cleanup());

    it('delivers a progress notification to the topic and the queue, same body, with its attributes; the Complete filter drops it', async () => {
      const jobId = newJobId();
      const note = tagged(progressNote(jobId, 40, 43), 'legal-hold-2026');
      await h.sink.send(note, attributesOf(note));
      const { topic, completeOnly, queue } = await h.delivered();
      const expected = { body: JSON.stringify(note), attributes: { JobId: jobId, Status: 'Restoring', ClientTag: 'legal-hold-2026', EventType: 'Progress' } };
      expect(topic).toEqual([expected]);
      expect(queue).toEqual([expected]);
      expect(completeOnly).toEqual([]);
      expect(JSON.parse(queue[0]!.body)).toEqual(note);
    });

    it('a Complete notification also reaches the subscriber filtering on Status', async () => {
      const jobId = newJobId();
      const note = tagged(finishedNote(jobId, 'Complete'), 'ünïcødé tag ✓');
      await h.sink.send(note, attributesOf(note));
      const { topic, completeOnly, queue } = await h.delivered();
      const attributes = { JobId: jobId, Status: 'Complete', ClientTag: 'ünïcødé tag ✓', EventType: 'Finished' };
      expect(completeOnly).toEqual([{ body: JSON.stringify(note), attributes }]);
      expect(topic).toEqual([{ body: JSON.stringify(note), attributes }]);
      expect(queue).toEqual([{ body: JSON.stringify(note), attributes }]);
    });

    it('a Failed terminal notification does not pass the Complete filter', async () => {
      const note = tagged(finishedNote(newJobId(), 'Failed'), 'x');
      await h.sink.send(note, attributesOf(note));
      const { topic, completeOnly, queue } = await h.delivered();
      expect([topic.length, completeOnly.length, queue.length]).toEqual([1, 0, 1]);
    });

    it('leaves the ClientTag attribute out when the job has no client tag', async () => {
      const jobId = newJobId();
      const note = tagged(progressNote(jobId, 10), undefined);
      await h.sink.send(note, attributesOf(note));
      const { topic, queue } = await h.delivered();
      expect(topic[0]?.attributes).toEqual({ JobId: jobId, Status: 'Restoring', EventType: 'Progress' });
      expect(queue[0]?.attributes).toEqual({ JobId: jobId, Status: 'Restoring', EventType: 'Progress' });
    });

    it.each(['topic', 'queue'] as const)('throws NotificationSendFailed when the %s refuses; SNS goes first, so a refused topic leaves the queue empty', async (channel) => {
      const note = progressNote(newJobId(), 20);
      await expect(h.brokenSink(channel).send(note, attributesOf(note))).rejects.toMatchObject({
        name: 'DependencyError',
        code: 'NotificationSendFailed',
        details: { eventId: note.EventId, channels: [channel === 'topic' ? 'sns' : 'sqs'] },
      });
      const { topic, queue } = await h.delivered();
      expect([topic.length, queue.length]).toEqual(channel === 'topic' ? [0, 0] : [1, 0]);
    });
  });
}
