/**
 * The local runner with the embedded sandbox, end to end through the HTTP API:
 *
 * 1. Registration: a manifest of `--lines` lines (default 1,000,000) put in the sandbox; the time
 *    from `POST /create-job` (202) to `JobTrackingReady`, as objects/s, and the process's peak
 *    RSS and heap above what it used before the job (the manifest body itself lives in the
 *    sandbox, in this process: its size is printed beside).
 * 2. Restore events: a job of `--objects` archived objects (default 20,000) on a manual clock;
 *    once every restore is initiated, virtual time jumps past the restore window so every
 *    `Object Restore Completed` event comes at once: events/s through the bus, the queue and
 *    the tracker's batches until `Complete`.
 * 3. Delay: the same kind of job on a scaled clock (restores spread over time): wall time from
 *    the last `Object Restore Completed` event leaving the sandbox to the `Complete` notification.
 *
 * Baseline, in the same invocation: raw better-sqlite3 inserts of the same number of rows into a
 * table shaped like the tracker's (text primary key, WITHOUT ROWID), 1,000 per transaction, on a
 * file in the same directory: the ceiling for registration on this machine.
 *
 *   npm run bench:runner [-- --lines 1000000 --objects 20000 --only registration,events,delay]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import { startRunner } from '../local/src/runner/index.js';
import type { Runner } from '../local/src/runner/index.js';
import { sandboxS3Client } from '../local/src/sandbox/clients.js';
import { DELAY_TIME_SCALE, localRunnerDelay } from './local-runner-delay.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    objects: { type: 'string', default: '20000' },
    only: { type: 'string' },
  },
});
const LINES = Number(values.lines);
const OBJECTS = Number(values.objects);
const PARTS = new Set((values.only ?? 'registration,events,delay').split(','));
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-runner-'));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MiB`;

/** Raw SQLite: `rows` inserts of a 64-hex key and a small JSON-ish payload, 1,000 per transaction. */
function rawInsertRate(rows: number): number {
  const db = openDatabase(path.join(dir, 'baseline.db'));
  db.exec('CREATE TABLE objects (job_id TEXT NOT NULL, object_id TEXT NOT NULL, line INTEGER NOT NULL, bucket TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (job_id, object_id)) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?)');
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run('job-1', i.toString(16).padStart(64, '0'), i + 1, 'bench-archive', `data/object-${i}.bin`, 'registered');
  });
  const started = performance.now();
  for (let i = 0; i < rows; i += 1000) batch(i, Math.min(i + 1000, rows));
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return rows / seconds;
}

async function api<T>(runner: Runner, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${runner.apiUrl}${route}`, {
    method,
    headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function registration(): Promise<{ seconds: number; createMs: number; rate: number; peakRss: number; peakHeap: number; manifestBytes: number }> {
  const runner = await startRunner({ db: path.join(dir, 'registration.db'), port: 0, sandbox: { port: 0, clockMode: 'manual' }, log: () => undefined });
  try {
    const s3 = sandboxS3Client(runner.s3Endpoint!);
    await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'bench-archive', count: 0 }) });
    const lines: string[] = [];
    for (let i = 0; i < LINES; i++) lines.push(`bench-archive,data/object-${i}.bin`);
    const body = Buffer.from(`${lines.join('\n')}\n`);
    lines.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: 'bench-archive', Key: 'manifests/big.csv', Body: body }));
    s3.destroy();
    global.gc?.();
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakHeap = before.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 25);
    let ready = false;
    runner.bus.subscribe('s3-bulk-restore-local', { 'detail-type': ['JobTrackingReady'] }, async () => {
      ready = true;
    });
    const started = performance.now();
    const created = await api<{ BulkJobId: string }>(runner, 'POST', '/create-job', { bucket: 'bench-archive', key: 'manifests/big.csv', tier: 'BULK', expiration_days: 1 });
    const createMs = performance.now() - started;
    await waitFor('JobTrackingReady', () => ready);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const view = await api<{ TotalObjects: number }>(runner, 'GET', `/jobs/${created.BulkJobId}`);
    if (view.TotalObjects !== LINES) throw new Error(`registered ${view.TotalObjects} of ${LINES}`);
    return { seconds, createMs, rate: LINES / seconds, peakRss: peakRss - before.rss, peakHeap: peakHeap - before.heapUsed, manifestBytes: body.length };
  } finally {
    await runner.close();
  }
}

interface Seeded {
  manifest: { bucket: string; key: string };
}

async function seedAndCreate(runner: Runner, count: number): Promise<string> {
  const seeded = (await (
    await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'bench-restore', count, classes: { GLACIER: 1 }, eventBridge: true }) })
  ).json()) as Seeded;
  const created = await api<{ BulkJobId: string }>(runner, 'POST', '/create-job', { bucket: seeded.manifest.bucket, key: seeded.manifest.key, tier: 'BULK', expiration_days: 1 });
  return created.BulkJobId;
}

async function eventsPerSecond(): Promise<{ completed: number; seconds: number; rate: number; initiatedRate: number }> {
  const runner = await startRunner({ db: path.join(dir, 'events.db'), port: 0, sandbox: { port: 0, clockMode: 'manual' }, log: () => undefined });
  try {
    let finished = false;
    runner.onNotification((n) => {
      if (n.EventType === 'Finished') finished = true;
    });
    const jobId = await seedAndCreate(runner, OBJECTS);
    const clock = runner.sandbox!.clock;
    const counts = async () => (await api<{ Counts: Record<string, number> }>(runner, 'GET', `/jobs/${jobId}`)).Counts;
    // Registration, confirmation and the Batch job: a few virtual minutes, well inside Glacier Bulk's 5-hour minimum.
    const initiatedStart = performance.now();
    await waitFor('every restore initiated', async () => {
      await runner.quiet();
      if ((await counts())['restoring'] === OBJECTS) return true;
      clock.advance(60_000);
      return false;
    });
    const initiatedSeconds = (performance.now() - initiatedStart) / 1000;
    const started = performance.now();
    clock.advance(13 * 3_600_000); // past Glacier Bulk's 12-hour maximum: every completion at once
    await waitFor('Complete', async () => {
      if (finished) return true;
      await runner.quiet();
      if (!finished) clock.advance(10_000); // batching windows and the schedules
      return finished;
    });
    const seconds = (performance.now() - started) / 1000;
    return { completed: OBJECTS, seconds, rate: OBJECTS / seconds, initiatedRate: OBJECTS / initiatedSeconds };
  } finally {
    await runner.close();
  }
}

async function completionDelay(): Promise<{ delayMs: number; objects: number; timeScale: number }> {
  const objects = Math.min(OBJECTS, 5000);
  return { delayMs: await localRunnerDelay(dir, objects), objects, timeScale: DELAY_TIME_SCALE };
}

try {
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${fmt(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const baseline = rawInsertRate(LINES);
  console.log(`baseline: raw SQLite inserts ${fmt(baseline)} rows/s (${fmt(LINES)} rows, 1,000 per transaction)`);
  if (PARTS.has('registration')) {
    const reg = await registration();
    console.log(
      `registration: ${fmt(LINES)} lines in ${fmt(reg.seconds, 2)} s = ${fmt(reg.rate)} objects/s (ratio to raw inserts ${fmt(reg.rate / baseline, 2)}); ` +
        `create-job answered in ${fmt(reg.createMs)} ms; peak RSS +${mb(reg.peakRss)}, peak heap +${mb(reg.peakHeap)} (manifest body ${mb(reg.manifestBytes)} held by the sandbox)`,
    );
  }
  if (PARTS.has('events')) {
    const events = await eventsPerSecond();
    console.log(
      `restore events: ${fmt(events.completed)} Completed events in ${fmt(events.seconds, 2)} s = ${fmt(events.rate)} events/s (ratio to raw inserts ${fmt(events.rate / baseline, 3)}); ` +
        `registration + Batch job + Initiated events: ${fmt(events.initiatedRate)} objects/s`,
    );
  }
  if (PARTS.has('delay')) {
    const delay = await completionDelay();
    console.log(`delay: last Object Restore Completed → Complete notification ${fmt(delay.delayMs)} ms of wall time (${fmt(delay.objects)} objects, clock ${fmt(delay.timeScale)}x)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
