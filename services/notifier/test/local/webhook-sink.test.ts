import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError } from '@s3-bulk-restore/shared';
import { attributesOf } from '../../src/app/notifications.js';
import { WebhookSink } from '../../src/adapters/local/webhook-sink.js';
import { newJobId, progressNote } from '../support/fixtures.js';

const secret = 'webhook-secret-✓';
const now = Date.parse('2026-11-26T18:04:05.000Z');

/** What the receiver saw per request, and whether the signature checked out (computed here, independently). */
interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

function verify(headers: IncomingHttpHeaders, body: string): boolean {
  const given = String(headers['x-s3-bulk-restore-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${String(headers['x-s3-bulk-restore-timestamp'])}.${body}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

describe('WebhookSink', () => {
  let server: Server;
  let url: string;
  let received: Received[];
  /** The statuses to answer with, in order; 200 once they run out. */
  let script: number[];
  let sleeps: number[];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
  };

  beforeEach(async () => {
    received = [];
    script = [];
    sleeps = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ method: req.method, headers: req.headers, body, signatureValid: verify(req.headers, body) });
        res.writeHead(script.shift() ?? 200, { 'content-type': 'text/plain' }).end('answer');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/restore`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the notification JSON with event id, timestamp and a valid signature', async () => {
    const note = progressNote(newJobId(), 40, 43);

    await new WebhookSink({ url, secret, sleep, now: () => now }).send(note, attributesOf(note));

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-s3-bulk-restore-event-id']).toBe(note.EventId);
    expect(request!.headers['x-s3-bulk-restore-timestamp']).toBe(String(now / 1000));
    expect(request!.headers['x-s3-bulk-restore-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(request!.signatureValid).toBe(true);
    expect(JSON.parse(request!.body)).toEqual(note);
    expect(sleeps).toEqual([]);
  });

  it('sends no signature header without a secret', async () => {
    const note = progressNote(newJobId(), 10);

    await new WebhookSink({ url, sleep }).send(note, attributesOf(note));

    expect(received[0]!.headers['x-s3-bulk-restore-signature']).toBeUndefined();
  });

  it('retries 503 and 429 with exponential backoff and jitter, then succeeds', async () => {
    script = [503, 503, 429];
    const note = progressNote(newJobId(), 20);
    const sink = new WebhookSink({ url, secret, baseDelayMs: 200, sleep, random: () => 0.5 });

    await sink.send(note, attributesOf(note));

    expect(received).toHaveLength(4);
    expect(received.every((r) => r.signatureValid && r.body === JSON.stringify(note))).toBe(true);
    // step = 200·2^(n-1); delay = step/2 + random·step/2
    expect(sleeps).toEqual([150, 300, 600]);
  });

  it('keeps jitter between half and the whole exponential step', async () => {
    script = [500, 500];
    const note = progressNote(newJobId(), 20);

    await new WebhookSink({ url, baseDelayMs: 100, sleep, random: () => 0 }).send(note, attributesOf(note));
    await new WebhookSink({ url, baseDelayMs: 100, sleep, random: () => 0.999_999 }).send(note, attributesOf(note));

    expect(sleeps).toEqual([50, 100]);
    expect(received).toHaveLength(4);
  });

  it('throws WebhookDeliveryFailed with the status after the last attempt', async () => {
    script = [503, 503, 503];
    const note = progressNote(newJobId(), 30);

    const sending = new WebhookSink({ url, secret, attempts: 3, sleep, random: () => 1 }).send(note, attributesOf(note));

    await expect(sending).rejects.toBeInstanceOf(DomainError);
    await expect(sending).rejects.toMatchObject({
      name: 'DependencyError',
      code: 'WebhookDeliveryFailed',
      details: { eventId: note.EventId, url, status: 503, attempts: 3 },
    });
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([200, 400]);
  });

  it('does not retry a 400', async () => {
    script = [400];
    const note = progressNote(newJobId(), 50);

    await expect(new WebhookSink({ url, secret, sleep }).send(note, attributesOf(note))).rejects.toMatchObject({
      code: 'WebhookDeliveryFailed',
      details: { status: 400, attempts: 1 },
    });
    expect(received).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries an unreachable URL, then throws with no status and the network error as cause', async () => {
    // A port that was just free: nothing listens there, so the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const note = progressNote(newJobId(), 60);

    const error = await new WebhookSink({ url: `http://127.0.0.1:${port}/`, attempts: 3, sleep, random: () => 0 })
      .send(note, attributesOf(note))
      .then(() => undefined, (e: unknown) => e);

    expect(error).toMatchObject({ code: 'WebhookDeliveryFailed', details: { status: undefined, attempts: 3 } });
    // undici's TypeError comes from another realm under jest's VM, so match its shape, not its class.
    expect((error as Error).cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(sleeps).toEqual([100, 200]);
  });
});
