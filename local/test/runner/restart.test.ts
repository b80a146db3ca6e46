/**
 * Kill the local runner with SIGKILL mid-job — once while it registers the manifest, once while
 * restore events flow — and start it again on the same database file: the job completes with
 * exact counts and exactly one terminal notification. The runner is a real process
 * (`s3-bulk-restore start`), driven over HTTP like a user would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { REPO_ROOT } from '../../src/runner/index.js';

const BIN = path.join(REPO_ROOT, 'local/bin/s3-bulk-restore.js');
const API_KEY = 'restart-test-key-0123456789';

interface Notification {
  EventId: string;
  EventType: string;
  Status: string;
  Threshold?: number;
  TotalObjects: number;
  RestoredObjects: number;
  AvailableObjects: number;
  FailedObjects: number;
  PendingObjects: number;
}

const children: ChildProcess[] = [];
let dir: string | undefined;

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  api: string;
  s3: string;
  stderr: () => string;
}

async function startRunner(db: string, ports: { api: number; s3: number }, timeScale: number): Promise<Started> {
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--db', db, '--port', String(ports.api), '--sandbox-port', String(ports.s3), '--time-scale', String(timeScale), '--api-key', API_KEY],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ctrl-C stops')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the runner exited with ${code} before it was ready: ${stderr}`)));
  });
  return { child, api: `http://127.0.0.1:${ports.api}`, s3: `http://127.0.0.1:${ports.s3}`, stderr: () => stderr };
}

async function kill(started: Started): Promise<void> {
  const exited = new Promise((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGKILL');
  await exited;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function notifications(file: string): Notification[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { message: Notification }).message);
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** Rows a (killed) runner left in its database, read like any other reader of the file. */
function registeredObjects(db: string): number {
  const reader = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return reader.prepare('SELECT count(*) FROM tracker_objects').pluck().get() as number;
  } catch {
    return 0; // the tracker's tables are not created yet
  } finally {
    reader.close();
  }
}

async function startJob(started: Started, count: number): Promise<string> {
  const seed = (await post(`${started.s3}/_sandbox/seed`, { bucket: 'restart', count, classes: { GLACIER: 1 }, eventBridge: true, awkwardShare: 0.02 })) as {
    manifest: { bucket: string; key: string };
  };
  const created = await post(`${started.api}/create-job`, { bucket: seed.manifest.bucket, key: seed.manifest.key, tier: 'BULK', expiration_days: 1 }, { 'x-api-key': API_KEY });
  return created['BulkJobId'] as string;
}

/**
 * Nothing crashed: stderr holds only the runner's structured log lines (a transient failure of a
 * scheduled run on a loaded machine is logged and retried on the next run, like on AWS).
 */
function expectNoCrash(stderr: string): void {
  for (const line of stderr.split('\n').filter((l) => l.trim() !== '')) expect(() => JSON.parse(line) as unknown).not.toThrow();
}

function expectExactlyOneComplete(file: string, total: number): void {
  const all = notifications(file);
  const finished = all.filter((n) => n.EventType === 'Finished');
  expect(finished).toHaveLength(1);
  expect(finished[0]).toMatchObject({ Status: 'Complete', TotalObjects: total, RestoredObjects: total, AvailableObjects: 0, FailedObjects: 0, PendingObjects: 0 });
  // A kill between a send and its record re-sends that one notification after the restart, with
  // the same EventId (at-least-once, consumers drop copies by EventId): one id per threshold.
  const progress = all.filter((n) => n.EventType === 'Progress');
  const idsByThreshold = new Map<number | undefined, Set<string>>();
  for (const n of progress) idsByThreshold.set(n.Threshold, (idsByThreshold.get(n.Threshold) ?? new Set()).add(n.EventId));
  for (const ids of idsByThreshold.values()) expect(ids.size).toBe(1);
  expect(new Set(progress.map((n) => n.EventId)).size).toBe(idsByThreshold.size);
}

describe('the local runner killed with SIGKILL and started again on the same database', () => {
  it('finishes a job killed during manifest registration, with exact counts and one Complete', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runner-restart-'));
    const db = path.join(dir, 'runner.db');
    const file = path.join(dir, 'notifications.ndjson');
    const ports = { api: await freePort(), s3: await freePort() };
    const total = 20_000;

    const first = await startRunner(db, ports, 3600);
    const jobId = await startJob(first, total);
    const atKill = await until('registration to start', () => {
      const n = registeredObjects(db);
      return n > 0 && n;
    }, 30_000, 5);
    await kill(first);
    const leftBehind = registeredObjects(db);
    expect(leftBehind).toBeGreaterThanOrEqual(atKill);
    expect(leftBehind).toBeLessThan(total); // killed part-way, not after

    const second = await startRunner(db, ports, 3600);
    await until('the terminal notification', () => notifications(file).some((n) => n.EventType === 'Finished'), 90_000, 100);
    // A little longer: nothing else may arrive.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expectExactlyOneComplete(file, total);
    const job = (await (await fetch(`${second.api}/jobs/${jobId}`, { headers: { 'x-api-key': API_KEY } })).json()) as Record<string, unknown>;
    expect(job).toMatchObject({ Status: 'Complete', ProgressPercent: 100, TotalObjects: total });
    expectNoCrash(second.stderr());
  }, 150_000);

  it('finishes a job killed while restore events flow, with exact counts and one Complete', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'runner-restart-'));
    const db = path.join(dir, 'runner.db');
    const file = path.join(dir, 'notifications.ndjson');
    const ports = { api: await freePort(), s3: await freePort() };
    const total = 4_000;

    const first = await startRunner(db, ports, 3600);
    await startJob(first, total);
    await until('30 % restored', () => notifications(file).some((n) => (n.Threshold ?? 0) >= 30), 60_000, 20);
    await kill(first);
    const before = notifications(file);
    expect(before.some((n) => n.EventType === 'Finished')).toBe(false);

    const second = await startRunner(db, ports, 3600);
    await until('the terminal notification', () => notifications(file).some((n) => n.EventType === 'Finished'), 90_000, 100).catch(async (error: Error) => {
      const job = await (await fetch(`${second.api}/jobs`, { headers: { 'x-api-key': API_KEY } })).text();
      throw new Error(`${error.message}; jobs: ${job}; stderr: ${second.stderr()}; notifications: ${notifications(file).length}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expectExactlyOneComplete(file, total);
    expectNoCrash(second.stderr());
  }, 150_000);
});
