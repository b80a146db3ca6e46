import type { S3Client } from '@aws-sdk/client-s3';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import { sandboxS3Client } from '../../src/sandbox/clients.js';

/** 15 Oct 2026 10:30 UTC: the User Guide's worked expiry example starts at 10:30 on 15 Oct. */
export const T0 = Date.UTC(2026, 9, 15, 10, 30, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface TestSandbox {
  sandbox: Sandbox;
  s3: S3Client;
  /** An S3 client that never retries (to observe 503s as they are). */
  s3NoRetry: S3Client;
  /** Advance the virtual clock through the dev API, as a test client would. */
  advance(ms: number): Promise<void>;
  dev(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** A sandbox on a manual clock at {@link T0}, with SDK clients pointed at it. */
export async function testSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({ clockMode: 'manual', startTime: T0, seed: 42, log: () => undefined, ...options });
  const s3 = sandboxS3Client(sandbox.endpoint);
  const s3NoRetry = sandboxS3Client(sandbox.endpoint, { maxAttempts: 1 });
  const dev = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.endpoint}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    sandbox,
    s3,
    s3NoRetry,
    dev,
    async advance(ms: number) {
      const r = await dev('POST', '/_sandbox/clock/advance', { ms });
      if (r.status !== 200) throw new Error(`advance failed: ${JSON.stringify(r.json)}`);
    },
    async close() {
      s3.destroy();
      s3NoRetry.destroy();
      await sandbox.close();
    },
  };
}

/** The error an SDK call rejects with, for asserting on `name` and `$metadata`. */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number; raw: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode, raw: err as unknown as Record<string, unknown> };
  }
  throw new Error('expected the call to fail, it succeeded');
}
