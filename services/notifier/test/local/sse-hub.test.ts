import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { attributesOf } from '../../src/app/notifications.js';
import { SseHub } from '../../src/adapters/local/sse-hub.js';
import { finishedNote, newJobId, progressNote } from '../support/fixtures.js';

/** One SSE frame as an EventSource would see it; comments (`: …`) kept apart. */
interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

function parseFrame(block: string): Frame {
  const frame: Frame = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    const match = /^(id|event|data): ?(.*)$/.exec(line);
    if (match) frame[match[1] as 'id' | 'event' | 'data'] = match[2];
  }
  return frame;
}

/** A minimal EventSource: reads the response stream with fetch and yields frames as they arrive. */
class SseClient {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  readonly controller = new AbortController();
  private reader!: ReadableStreamDefaultReader<Uint8Array>;
  response!: Response;

  static async connect(url: string): Promise<SseClient> {
    const client = new SseClient();
    client.response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: client.controller.signal });
    client.reader = client.response.body!.getReader();
    return client;
  }

  /** The next complete frame (waits for the bytes, never on a timer). */
  async next(): Promise<Frame> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseFrame(block);
      }
      const { value, done } = await this.reader.read();
      if (done) throw new Error('stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

describe('SseHub', () => {
  let server: Server;
  let baseUrl: string;
  let hub: SseHub;
  let beats: Array<{ beat: () => void; intervalMs: number; stopped: boolean }>;
  /** Resolves when the server side of the n-th connection closes. */
  let closed: Array<Promise<void>>;

  beforeEach(async () => {
    beats = [];
    closed = [];
    hub = new SseHub({
      scheduleHeartbeat: (beat, intervalMs) => {
        const entry = { beat, intervalMs, stopped: false };
        beats.push(entry);
        return () => {
          entry.stopped = true;
        };
      },
    });
    server = createServer((req, res: ServerResponse) => {
      const jobId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('jobId') ?? undefined;
      hub.attach(res, { jobId });
      closed.push(new Promise((resolve) => res.on('close', () => resolve())));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers with SSE headers and an opening comment', async () => {
    const client = await SseClient.connect(`${baseUrl}/events`);

    expect(client.response.status).toBe(200);
    expect(client.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(client.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(await client.next()).toEqual({ comment: 'connected' });
    expect(hub.clientCount).toBe(1);
    client.close();
  });

  it('sends id, event and data to every client, in order', async () => {
    const [a, b] = await Promise.all([SseClient.connect(`${baseUrl}/events`), SseClient.connect(`${baseUrl}/events`)]);
    await Promise.all([a!.next(), b!.next()]);
    const jobId = newJobId();
    const progress = progressNote(jobId, 40, 43);
    const finished = finishedNote(jobId);

    await hub.send(progress, attributesOf(progress));
    await hub.send(finished, attributesOf(finished));

    for (const client of [a!, b!]) {
      const first = await client.next();
      expect(first).toEqual({ id: progress.EventId, event: 'Progress', data: JSON.stringify(progress) });
      expect(JSON.parse(first.data!)).toEqual(progress);
      expect(await client.next()).toEqual({ id: finished.EventId, event: 'Finished', data: JSON.stringify(finished) });
      client.close();
    }
  });

  it('sends a job-filtered client only that job’s notifications', async () => {
    const watched = newJobId();
    const client = await SseClient.connect(`${baseUrl}/events?jobId=${encodeURIComponent(watched)}`);
    await client.next();
    const other = progressNote(newJobId(), 10);
    const mine = progressNote(watched, 20);

    await hub.send(other, attributesOf(other));
    await hub.send(mine, attributesOf(mine));

    expect((await client.next()).id).toBe(mine.EventId);
    client.close();
  });

  it('writes a heartbeat comment every 15 s by default', async () => {
    const client = await SseClient.connect(`${baseUrl}/events`);
    await client.next();

    expect(beats.map((b) => b.intervalMs)).toEqual([15_000]);
    beats[0]!.beat();

    expect(await client.next()).toEqual({ comment: 'heartbeat' });
    client.close();
  });

  it('detaches a client when it disconnects, stops its heartbeat, and keeps serving the others', async () => {
    const leaving = await SseClient.connect(`${baseUrl}/events`);
    await leaving.next();
    const staying = await SseClient.connect(`${baseUrl}/events`);
    await staying.next();
    expect(hub.clientCount).toBe(2);

    leaving.close();
    await closed[0];

    expect(hub.clientCount).toBe(1);
    expect(beats.map((b) => b.stopped)).toEqual([true, false]);
    const note = progressNote(newJobId(), 30);
    await hub.send(note, attributesOf(note));
    expect((await staying.next()).id).toBe(note.EventId);
    staying.close();
  });

  it('resolves with no client connected', async () => {
    const note = finishedNote(newJobId());

    await expect(hub.send(note, attributesOf(note))).resolves.toBeUndefined();
    expect(hub.clientCount).toBe(0);
  });
});
