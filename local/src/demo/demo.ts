/**
 * The demo: a whole bulk restore on the local runner and the embedded sandbox. It seeds archived
 * objects of mixed classes (awkward keys among them, a few objects that are not archived, a few
 * manifest lines naming keys that do not exist), creates the job through the HTTP API with the
 * public sample's body, follows the notifications, and reports the final event, the objects that
 * failed and why, and how much virtual time passed in how much wall time.
 */
import type { Notification } from '@s3-bulk-restore/shared';
import { startRunner } from '../runner/index.js';
import type { Runner } from '../runner/index.js';

export interface DemoOptions {
  objects: number;
  /** Virtual ms per wall ms; ignored with a manual clock. */
  timeScale: number;
  /** `manual`: virtual time moves only as the demo advances it (tests: fast and deterministic). */
  clockMode?: 'scaled' | 'manual';
  seed?: number;
  /** Share of objects that are not archived (STANDARD). */
  notArchivedShare?: number;
  /** Share of manifest lines naming keys that do not exist. */
  missingShare?: number;
  /** Called with each notification as it arrives. */
  onNotification?: (notification: Notification) => void;
  /** Called once the job is created. */
  onCreated?: (job: CreatedJob) => void;
  /** Gives up after this much wall time (default 10 minutes). */
  wallTimeoutMs?: number;
}

export interface CreatedJob {
  jobId: string;
  batchJobId: string;
  bucket: string;
  manifestKey: string;
  seeded: SeedSummary;
}

export interface SeedSummary {
  objects: number;
  byClass: Record<string, number>;
  missing: number;
  notArchived: number;
}

export interface FailedObject {
  bucket: string;
  key: string;
  versionId?: string;
  code: string;
  message: string;
}

export interface DemoResult {
  job: CreatedJob;
  /** Every notification, in arrival order. */
  notifications: Notification[];
  final: Notification;
  failed: FailedObject[];
  virtualMs: number;
  wallMs: number;
}

const BUCKET = 'demo-archive';
const MANIFEST_KEY = 'manifests/demo-restore.csv';
/** Manual clock steps: long enough for a batching window and a Batch Operations poll. */
const MANUAL_STEP_MS = 5 * 60_000;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const wallStart = performance.now();
  const runner = await startRunner({
    db: ':memory:',
    port: 0,
    sandbox: { port: 0, timeScale: options.timeScale, clockMode: options.clockMode ?? 'scaled', seed: options.seed ?? 7 },
    log: () => undefined,
  });
  try {
    const virtualStart = runner.clock.now();
    const notifications: Notification[] = [];
    let final: Notification | undefined;
    const finished = new Promise<Notification>((resolve) => {
      runner.onNotification((notification) => {
        notifications.push(notification);
        options.onNotification?.(notification);
        if (notification.EventType === 'Finished') {
          final = notification;
          resolve(notification);
        }
      });
    });
    const job = await createDemoJob(runner, options);
    options.onCreated?.(job);
    await waitForFinish(runner, finished, () => final !== undefined, options);
    const failed = await failedObjects(runner, job.jobId);
    return {
      job,
      notifications,
      final: final!,
      failed,
      virtualMs: runner.clock.now() - virtualStart,
      wallMs: performance.now() - wallStart,
    };
  } finally {
    await runner.close();
  }
}

async function createDemoJob(runner: Runner, options: DemoOptions): Promise<CreatedJob> {
  const missing = Math.round(options.objects * (options.missingShare ?? 0.002));
  const notArchived = Math.round(options.objects * (options.notArchivedShare ?? 0.003));
  const seed = await call<{ byClass: Record<string, number>; manifest: { bucket: string; key: string } }>(`${runner.s3Endpoint}/_sandbox/seed`, {
    method: 'POST',
    body: {
      bucket: BUCKET,
      count: options.objects - missing - notArchived,
      notArchived,
      missing,
      classes: { GLACIER: 0.6, DEEP_ARCHIVE: 0.4 },
      awkwardShare: 0.05,
      eventBridge: true,
      manifestKey: MANIFEST_KEY,
    },
  });
  // The public sample's README: POST /create-job with bucket, key, tier, expiration_days, client_tag.
  const created = await call<{ BulkJobId: string; BatchOperation: { JobId: string } }>(`${runner.apiUrl}/create-job`, {
    method: 'POST',
    headers: { 'x-api-key': runner.apiKey },
    body: { bucket: seed.manifest.bucket, key: seed.manifest.key, tier: 'BULK', expiration_days: 1, client_tag: 'demo' },
  });
  const byClass = { ...seed.byClass };
  return {
    jobId: created.BulkJobId,
    batchJobId: created.BatchOperation.JobId,
    bucket: seed.manifest.bucket,
    manifestKey: seed.manifest.key,
    seeded: { objects: options.objects, byClass, missing, notArchived },
  };
}

async function waitForFinish(runner: Runner, finished: Promise<Notification>, done: () => boolean, options: DemoOptions): Promise<void> {
  const timeoutMs = options.wallTimeoutMs ?? 10 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the demo job did not finish within ${Math.round(timeoutMs / 1000)} s of wall time`)), timeoutMs);
  });
  try {
    if (options.clockMode !== 'manual') {
      await Promise.race([finished, timeout]);
      return;
    }
    const clock = runner.sandbox!.clock;
    const drive = async () => {
      while (!done()) {
        await runner.quiet();
        if (!done()) clock.advance(MANUAL_STEP_MS);
      }
    };
    await Promise.race([drive(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function failedObjects(runner: Runner, jobId: string): Promise<FailedObject[]> {
  const failed: FailedObject[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ state: 'failed', limit: '100', ...(token ? { next_token: token } : {}) });
    const page = await call<{ Objects: Array<{ Bucket: string; Key: string; VersionId?: string; Failure?: { Code: string; Message: string } }>; NextToken?: string }>(
      `${runner.apiUrl}/jobs/${encodeURIComponent(jobId)}/objects?${query}`,
      { headers: { 'x-api-key': runner.apiKey } },
    );
    for (const o of page.Objects) {
      failed.push({ bucket: o.Bucket, key: o.Key, ...(o.VersionId ? { versionId: o.VersionId } : {}), code: o.Failure?.Code ?? 'Unknown', message: o.Failure?.Message ?? '' });
    }
    token = page.NextToken;
  } while (token);
  return failed;
}

async function call<T>(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<T> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
