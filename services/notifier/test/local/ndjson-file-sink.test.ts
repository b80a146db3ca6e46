import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { attributesOf } from '../../src/app/notifications.js';
import { NdjsonFileSink } from '../../src/adapters/local/ndjson-file-sink.js';
import { finishedNote, newJobId, progressNote } from '../support/fixtures.js';

async function lines(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('NdjsonFileSink', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ndjson-sink-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates the directory and appends one {type, attributes, message} line per notification', async () => {
    const file = join(dir, 'nested', 'deeper', 'notifications.ndjson');
    const sink = new NdjsonFileSink({ file });
    const jobId = newJobId();
    const progress = progressNote(jobId, 40, 43);
    const finished = finishedNote(jobId);

    await sink.send(progress, attributesOf(progress));
    await sink.send(finished, attributesOf(finished));

    expect(await lines(file)).toEqual([
      { type: 'Notification', attributes: { JobId: jobId, Status: 'Restoring', EventType: 'Progress' }, message: progress },
      { type: 'Notification', attributes: { JobId: jobId, Status: 'Complete', EventType: 'Finished' }, message: finished },
    ]);
  });

  it('appends to an existing file without touching what is there', async () => {
    const file = join(dir, 'notifications.ndjson');
    await writeFile(file, '{"earlier":true}\n');
    const note = progressNote(newJobId(), 10);

    await new NdjsonFileSink({ file }).send(note, attributesOf(note));

    expect(await lines(file)).toEqual([{ earlier: true }, { type: 'Notification', attributes: attributesOf(note), message: note }]);
  });

  it('keeps every line whole when many sends run at once, from two sink instances', async () => {
    const file = join(dir, 'out', 'notifications.ndjson');
    const sinks = [new NdjsonFileSink({ file }), new NdjsonFileSink({ file })];
    const notes = Array.from({ length: 200 }, (_, i) => progressNote(newJobId('x'.repeat(i % 50)), (i % 10) * 10 + 1));

    await Promise.all(notes.map((note, i) => sinks[i % 2]!.send(note, attributesOf(note))));

    const written = (await lines(file)) as Array<{ message: { EventId: string } }>;
    expect(written).toHaveLength(200);
    expect(written.map((line) => line.message.EventId).sort()).toEqual(notes.map((note) => note.EventId).sort());
  });

  it('throws NotificationSendFailed when the file cannot be written, so the claim is retried', async () => {
    // A regular file where the directory should be: mkdir fails with ENOTDIR/EEXIST.
    await writeFile(join(dir, 'blocker'), '');
    const note = progressNote(newJobId(), 20);

    await expect(new NdjsonFileSink({ file: join(dir, 'blocker', 'n.ndjson') }).send(note, attributesOf(note))).rejects.toMatchObject({
      name: 'DependencyError',
      code: 'NotificationSendFailed',
      details: { eventId: note.EventId, channels: ['ndjson'] },
    });
  });
});
