/**
 * {@link NotificationSink} that pushes each notification to the Server-Sent Events clients
 * connected at that moment. It holds no server: the local runner's route hands it each
 * `ServerResponse` with {@link SseHub.attach}. Nobody listening is not a failure (SSE is a live
 * view, not a queue), so `send` never throws.
 */
import type { ServerResponse } from 'node:http';
import type { Notification } from '@s3-bulk-restore/shared';
import type { NotificationAttributes, NotificationSink } from '../../app/ports.js';

/** Starts calling `beat` every `intervalMs`; returns what stops it. */
export type HeartbeatScheduler = (beat: () => void, intervalMs: number) => () => void;

export interface SseHubOptions {
  /** Default 15 s: under the usual 30–60 s idle timeouts of proxies and load balancers. */
  heartbeatMs?: number;
  /** Injected so tests drive the heartbeat without waiting; defaults to an unref'd `setInterval`. */
  scheduleHeartbeat?: HeartbeatScheduler;
}

export interface SseAttachOptions {
  /** Only this job's notifications; all jobs when absent. */
  jobId?: string;
}

interface SseClient {
  res: ServerResponse;
  jobId: string | undefined;
  stopHeartbeat: () => void;
}

const intervalScheduler: HeartbeatScheduler = (beat, intervalMs) => {
  const timer = setInterval(beat, intervalMs);
  timer.unref(); // a connected browser must not keep the runner alive on shutdown
  return () => clearInterval(timer);
};

/**
 * @example
 * const hub = new SseHub();
 * http.createServer((req, res) => hub.attach(res, { jobId: 'job-1' }));
 * await hub.send(note, attributesOf(note)); // id: <EventId>\nevent: Progress\ndata: {…}\n\n
 */
export class SseHub implements NotificationSink {
  private readonly clients = new Set<SseClient>();
  private readonly heartbeatMs: number;
  private readonly scheduleHeartbeat: HeartbeatScheduler;

  constructor(options: SseHubOptions = {}) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.scheduleHeartbeat = options.scheduleHeartbeat ?? intervalScheduler;
  }

  /** How many clients are connected now. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Start an event stream on `res`; the client is dropped when the connection closes. */
  attach(res: ServerResponse, options: SseAttachOptions = {}): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no', // nginx would otherwise hold events back in its buffer
    });
    // A first comment flushes the headers, so the client sees the stream open before any event.
    res.write(': connected\n\n');
    const client: SseClient = { res, jobId: options.jobId, stopHeartbeat: () => undefined };
    client.stopHeartbeat = this.scheduleHeartbeat(() => this.write(client, ': heartbeat\n\n'), this.heartbeatMs);
    this.clients.add(client);
    res.on('close', () => this.detach(client));
  }

  async send(notification: Notification, attributes: NotificationAttributes): Promise<void> {
    // JSON.stringify escapes newlines inside strings, so the data fits on one `data:` line.
    const frame = `id: ${notification.EventId}\nevent: ${attributes.EventType}\ndata: ${JSON.stringify(notification)}\n\n`;
    for (const client of this.clients) {
      if (client.jobId === undefined || client.jobId === notification.JobId) this.write(client, frame);
    }
  }

  /** End every stream (runner shutdown). */
  close(): void {
    for (const client of this.clients) {
      this.detach(client);
      client.res.end();
    }
  }

  private write(client: SseClient, chunk: string): void {
    if (client.res.destroyed || client.res.writableEnded) {
      this.detach(client);
      return;
    }
    client.res.write(chunk);
  }

  private detach(client: SseClient): void {
    if (!this.clients.delete(client)) return;
    client.stopHeartbeat();
  }
}
