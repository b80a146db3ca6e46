/**
 * The CLI as the README shows it, against the real local runner (not a stand-in): a real
 * `s3-bulk-restore` process creates a job over HTTP, waits for it, and exits with the job's
 * outcome; `status` and `list` read it back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contracts, parseManifest } from '@s3-bulk-restore/shared';
import { startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';
import { jsonLines, runCli } from '../support/cli-process.js';

let runner: Runner;
let env: Record<string, string>;
let manifest: { bucket: string; key: string };

beforeAll(async () => {
  // 14,400x: a Glacier Bulk restore (5-12 virtual hours) takes 1-3 s of wall time.
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { port: 0, timeScale: 14_400 }, log: () => undefined });
  env = { S3_BULK_RESTORE_API_URL: runner.apiUrl, S3_BULK_RESTORE_API_KEY: runner.apiKey };
  const response = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, {
    method: 'POST',
    body: JSON.stringify({ bucket: 'cli-archive', count: 150, classes: { GLACIER: 1 }, missing: 2, eventBridge: true, awkwardShare: 0.1 }),
  });
  manifest = ((await response.json()) as { manifest: { bucket: string; key: string } }).manifest;
});

afterAll(async () => {
  await runner?.close();
});

describe('the CLI against the local runner', () => {
  it('create --wait follows the job to Complete and exits 3 for the missing keys; status and list read it back', async () => {
    const created = await runCli(['create', '--bucket', manifest.bucket, '--key', manifest.key, '--tier', 'BULK', '--days', '1', '--tag', 'cli-test', '--wait', '--interval', '0.2'], env);
    expect(created.stderr).toMatch(/^s3-bulk-restore: job \S+ ended Complete: 2 of 152 objects failed\n$/);
    expect(created.code).toBe(3);
    const lines = jsonLines(created.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(contracts.notification.is(line)).toBe(true);
    const last = lines.at(-1) as Record<string, unknown>;
    expect(last).toMatchObject({ Status: 'Complete', EventType: 'Finished', ProgressPercent: '100', TotalObjects: 152, RestoredObjects: 150, FailedObjects: 2, ClientTag: 'cli-test' });

    const jobId = last['JobId'] as string;
    const status = await runCli(['status', jobId], env);
    expect(status.code).toBe(3);
    expect(jsonLines(status.stdout)).toEqual([expect.objectContaining({ JobId: jobId, Status: 'Complete', TotalObjects: 152 })]);

    const failed = await runCli(['objects', jobId, '--state', 'failed', '--all'], env);
    expect(failed.code).toBe(0);
    const objects = jsonLines(failed.stdout);
    expect(objects).toHaveLength(2);
    for (const object of objects) expect(object).toMatchObject({ Bucket: manifest.bucket, State: 'failed', Failure: { Code: 'NoSuchKey', Message: expect.any(String) } });
    const restored = await runCli(['objects', jobId, '--state', 'restored', '--limit', '100'], env);
    expect(jsonLines(restored.stdout)).toHaveLength(100); // one page; --all would read the other 50
    const unknown = await runCli(['objects', 'no-such-job'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^s3-bulk-restore: JobNotFound: .*\n$/);

    const list = await runCli(['list'], env);
    expect(list.code).toBe(0);
    expect(jsonLines(list.stdout)).toContainEqual(expect.objectContaining({ JobId: jobId, Status: 'Complete' }));
  }, 60_000);

  it('cancel follows the job to Cancelled and exits 5; cancelling it again is one line naming JobAlreadyFinished, exit 2', async () => {
    // Deep Archive Bulk: 24 to 48 virtual hours, 6 to 12 s here, so the job is still running when the CLI cancels it.
    const seeded = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'cli-deep', count: 20, classes: { DEEP_ARCHIVE: 1 }, eventBridge: true }) });
    const deep = ((await seeded.json()) as { manifest: { bucket: string; key: string } }).manifest;
    const created = (await (
      await fetch(`${runner.apiUrl}/create-job`, {
        method: 'POST',
        headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ bucket: deep.bucket, key: deep.key, tier: 'BULK', expiration_days: 1 }),
      })
    ).json()) as { BulkJobId: string };
    const jobId = created.BulkJobId;

    const cancelled = await runCli(['cancel', jobId, '--interval', '0.2'], env);
    expect(cancelled.stderr).toMatch(new RegExp(`^s3-bulk-restore: job ${jobId} ended Cancelled: \\d+ of 20 objects settled, \\d+ failed; JobCancelled: cancelled by request\\n$`));
    expect(cancelled.code).toBe(5);
    const last = jsonLines(cancelled.stdout).at(-1);
    expect(contracts.notification.is(last)).toBe(true);
    expect(last).toMatchObject({ JobId: jobId, Status: 'Cancelled', EventType: 'Finished' });

    const again = await runCli(['cancel', jobId], env);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^s3-bulk-restore: JobAlreadyFinished: Job \S+ already ended Cancelled/);
    expect(again.stdout).toBe('');
  }, 30_000);

  it('list --client-tag prints exactly the jobs created with that tag, newest first, page after page; with --status only those in it', async () => {
    // Deep Archive Bulk (6 to 12 s here): the jobs are still running while the CLI reads them.
    const seeded = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'cli-tagged', count: 5, classes: { DEEP_ARCHIVE: 1 }, eventBridge: true }) });
    const tagged = ((await seeded.json()) as { manifest: { bucket: string; key: string } }).manifest;
    const create = async (clientTag: string) => {
      const response = await fetch(`${runner.apiUrl}/create-job`, {
        method: 'POST',
        headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ bucket: tagged.bucket, key: tagged.key, tier: 'BULK', expiration_days: 1, client_tag: clientTag }),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { BulkJobId: string }).BulkJobId;
    };
    const ids: string[] = [];
    for (const tag of ['team-x', 'team-y', 'team-x', 'team-x']) ids.push(await create(tag));
    const [x1, y, x2, x3] = ids;
    const cancelled = await runCli(['cancel', x2!, '--interval', '0.2'], env);
    expect(cancelled.code).toBe(5);

    const [byTag, cancelledByTag, other] = await Promise.all([
      runCli(['list', '--client-tag', 'team-x', '--limit', '1', '--all'], env),
      runCli(['list', '--client-tag', 'team-x', '--status', 'Cancelled', '--limit', '1', '--all'], env),
      runCli(['list', '--client-tag', 'team-y'], env),
    ]);

    expect([byTag.code, cancelledByTag.code, other.code]).toEqual([0, 0, 0]);
    const jobIds = (stdout: string) => jsonLines(stdout).map((line) => (line as { JobId: string }).JobId);
    expect(jobIds(byTag.stdout)).toEqual([x3, x2, x1]);
    expect(jsonLines(cancelledByTag.stdout)).toEqual([expect.objectContaining({ JobId: x2, Status: 'Cancelled', ClientTag: 'team-x' })]);
    expect(jobIds(other.stdout)).toEqual([y]);
  }, 60_000);

  it('export writes every restored object, page after page, as a manifest a copy job can read, or as CSV to a file', async () => {
    const created = await runCli(['create', '--bucket', manifest.bucket, '--key', manifest.key, '--days', '30', '--wait', '--interval', '0.2'], env);
    const jobId = (jsonLines(created.stdout).at(-1) as Record<string, unknown>)['JobId'] as string;
    const restored = jsonLines((await runCli(['objects', jobId, '--state', 'restored', '--all', '--limit', '1000'], env)).stdout).map((o) => (o as { Key: string }).Key);
    expect(restored).toHaveLength(150);

    const exported = await runCli(['export', jobId, '--format', 'manifest', '--limit', '40'], env);
    expect(exported.code).toBe(0);
    const keys: string[] = [];
    for await (const entry of parseManifest([exported.stdout])) if (entry.kind === 'object') keys.push(entry.key);
    expect(keys.sort()).toEqual([...restored].sort());

    const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-export-'));
    try {
      const file = path.join(dir, 'restored.csv');
      const toFile = await runCli(['export', jobId, '--file', file], env);
      expect(toFile).toMatchObject({ code: 0, stdout: '' });
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('bucket,key,version_id,state,expires_at,expired_at');
      expect(lines).toHaveLength(151);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const bad = await runCli(['export', jobId, '--format', 'xml'], env);
    expect(bad.code).toBe(2);
  });

  it('gives one line and exit 2 for bad input the API refuses, and creates nothing', async () => {
    const before = (await (await fetch(`${runner.apiUrl}/jobs`, { headers: { 'x-api-key': runner.apiKey } })).json()) as { Jobs: unknown[] };
    const bad = await runCli(['create', '--bucket', manifest.bucket, '--key', 'manifests/none.csv', '--tier', 'BULK'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^s3-bulk-restore: ManifestNotFound: .*\(field key\)/);
    const wrongKey = await runCli(['status', 'some-job'], { ...env, S3_BULK_RESTORE_API_KEY: 'not-the-key' });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);
    const after = (await (await fetch(`${runner.apiUrl}/jobs`, { headers: { 'x-api-key': runner.apiKey } })).json()) as { Jobs: unknown[] };
    expect(after.Jobs).toHaveLength(before.Jobs.length);
  }, 30_000);
});
