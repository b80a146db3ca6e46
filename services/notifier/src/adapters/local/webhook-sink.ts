/**
 * {@link NotificationSink} that POSTs each notification's JSON to a webhook, signed with
 * HMAC-SHA256 when a secret is set, retrying server errors, 429 and network errors with
 * exponential backoff and jitter. A 4xx other than 429 means the receiver refuses this message;
 * sending it again would be refused again, so it is not retried here (the claim is released and
 * the next event retries it later).
 *
 * Headers a receiver reads:
 * - `x-s3-bulk-restore-event-id`: the notification's `EventId`, to drop redelivered copies.
 * - `x-s3-bulk-restore-timestamp`: unix seconds when this attempt was signed.
 * - `x-s3-bulk-restore-signature`: `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
 *   The timestamp is signed with the body so a receiver can refuse old replays.
 */
import { createHmac } from 'node:crypto';
import { DependencyError } from '@s3-bulk-restore/shared';
import type { Notification } from '@s3-bulk-restore/shared';
import type { NotificationAttributes, NotificationSink } from '../../app/ports.js';

export interface WebhookSinkOptions {
  url: string;
  /** Signs each request when set. */
  secret?: string;
  /** Tries in all, including the first. Default 5. */
  attempts?: number;
  /** The first retry waits about this long; each next one about twice as long. Default 200 ms. */
  baseDelayMs?: number;
  /** One attempt gives up after this long. Default 10 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  /** Waits between attempts; injected so tests do not wait on the wall clock. */
  sleep?: (ms: number) => Promise<void>;
  /** The signing time. Default `Date.now`. */
  now?: () => number;
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
}

/** The header names, for receivers and tests. */
export const webhookHeaders = {
  eventId: 'x-s3-bulk-restore-event-id',
  timestamp: 'x-s3-bulk-restore-timestamp',
  signature: 'x-s3-bulk-restore-signature',
} as const;

/** `sha256=<hex>` for a body signed at `timestamp` (unix seconds). Receivers compute the same. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type AttemptResult = { ok: true } | { ok: false; retry: boolean; status?: number; error?: unknown };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const sink = new WebhookSink({ url: 'https://example.com/hooks/restore', secret: 's3cret' });
 * await sink.send(note, attributesOf(note)); // throws DependencyError WebhookDeliveryFailed after 5 tries
 */
export class WebhookSink implements NotificationSink {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: WebhookSinkOptions) {
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  async send(notification: Notification, _attributes: NotificationAttributes): Promise<void> {
    const body = JSON.stringify(notification);
    let last: AttemptResult = { ok: false, retry: true };
    let attempt = 0;
    while (attempt < this.attempts) {
      attempt += 1;
      last = await this.attempt(notification.EventId, body);
      if (last.ok || !last.retry) break;
      if (attempt < this.attempts) await this.sleep(this.backoffMs(attempt));
    }
    if (last.ok) return;
    throw new DependencyError(
      'WebhookDeliveryFailed',
      `Webhook ${this.options.url} did not accept notification ${notification.EventId} after ${attempt} attempt(s)` +
        (last.status === undefined ? ' (no response)' : ` (last status ${last.status})`),
      { eventId: notification.EventId, url: this.options.url, status: last.status, attempts: attempt },
      { cause: last.error },
    );
  }

  /** Equal jitter: half the exponential step fixed, half random, so retries from many jobs spread out. */
  private backoffMs(attempt: number): number {
    const step = this.baseDelayMs * 2 ** (attempt - 1);
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  private async attempt(eventId: string, body: string): Promise<AttemptResult> {
    const timestamp = String(Math.floor(this.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [webhookHeaders.eventId]: eventId,
      [webhookHeaders.timestamp]: timestamp,
    };
    if (this.options.secret) headers[webhookHeaders.signature] = webhookSignature(this.options.secret, timestamp, body);
    try {
      const response = await this.fetch(this.options.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      // Read the body so the connection goes back to the pool; its content is not used.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retry = response.status >= 500 || response.status === 429;
      return { ok: false, retry, status: response.status };
    } catch (error) {
      return { ok: false, retry: true, error };
    }
  }
}
