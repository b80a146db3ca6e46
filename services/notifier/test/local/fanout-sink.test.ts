import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Notification } from '@s3-bulk-restore/shared';
import { attributesOf } from '../../src/app/notifications.js';
import type { NotificationAttributes, NotificationSink } from '../../src/app/ports.js';
import { FanoutSink } from '../../src/adapters/local/fanout-sink.js';
import { NdjsonFileSink } from '../../src/adapters/local/ndjson-file-sink.js';
import { SseHub } from '../../src/adapters/local/sse-hub.js';
import { newJobId, progressNote } from '../support/fixtures.js';

/** A sink that refuses every notification, and counts them. */
class RefusingSink implements NotificationSink {
  calls = 0;
  async send(_notification: Notification, _attributes: NotificationAttributes): Promise<void> {
    this.calls += 1;
    throw new Error('channel down');
  }
}

describe('FanoutSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fanout-sink-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function fileLines(file: string): Promise<number> {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').length;
  }

  it('sends to every sink', async () => {
    const [a, b] = [join(dir, 'a.ndjson'), join(dir, 'b.ndjson')];
    const note = progressNote(newJobId(), 10);

    await new FanoutSink([new NdjsonFileSink({ file: a }), new SseHub(), new NdjsonFileSink({ file: b })]).send(note, attributesOf(note));

    expect([await fileLines(a), await fileLines(b)]).toEqual([1, 1]);
  });

  it('tries every sink when one fails, then throws NotificationSendFailed naming the failed ones', async () => {
    const file = join(dir, 'after-failure.ndjson');
    const refusing = new RefusingSink();
    const note = progressNote(newJobId(), 20);

    await expect(new FanoutSink([refusing, new NdjsonFileSink({ file })]).send(note, attributesOf(note))).rejects.toMatchObject({
      name: 'DependencyError',
      code: 'NotificationSendFailed',
      details: { eventId: note.EventId, channels: ['RefusingSink#0'] },
      cause: { message: 'channel down' },
    });
    expect(refusing.calls).toBe(1);
    expect(await fileLines(file)).toBe(1);
  });

  it('resolves with no sinks', async () => {
    const note = progressNote(newJobId(), 30);

    await expect(new FanoutSink([]).send(note, attributesOf(note))).resolves.toBeUndefined();
  });
});
