/**
 * The export of a job's restored objects, bytes per state, and the expiry of their restored copies, on the local
 * runner (real HTTP, SQLite, the sandbox on a manual virtual clock): the export lists every
 * restored object with the expiry S3 gave it, as CSV, NDJSON or a Batch Operations manifest,
 * page after page; once S3 says the copies expired (`Object Restore Expired`), the job counts them
 * once each and the export leaves them out unless asked.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseManifest } from '@s3-bulk-restore/shared';
import type { Notification } from '@s3-bulk-restore/shared';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { startRunner } from '../../src/runner/index.js';
import { advanceRunner } from '../support/runner-clock.js';
import { sandboxS3Client } from '../../src/sandbox/clients.js';
import type { Runner } from '../../src/runner/index.js';

const HOUR = 3_600_000;
let runner: Runner;
const notifications: Notification[] = [];

beforeAll(async () => {
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { clockMode: 'manual', seed: 9 }, log: () => undefined });
  runner.onNotification((n) => notifications.push(n));
});
afterAll(async () => runner?.close());

const advance = (ms: number, stepMs = 2 * HOUR) => advanceRunner(runner, ms, stepMs);

async function get(route: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${runner.apiUrl}${route}`, { headers: { 'x-api-key': runner.apiKey } });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Every page of an export, following x-next-token. */
async function exportAll(jobId: string, query: string): Promise<{ text: string; pages: number }> {
  let text = '';
  let pages = 0;
  let token: string | null = null;
  do {
    const page = await get(`/jobs/${jobId}/export?${query}${token ? `&next_token=${encodeURIComponent(token)}` : ''}`);
    expect(page.status).toBe(200);
    text += page.text;
    pages += 1;
    token = page.headers.get('x-next-token');
  } while (token);
  return { text, pages };
}

describe('export and restored-copy expiry on the local runner', () => {
  let jobId: string;
  let keys: string[];

  it('exports every restored object with its expiry, in each format, page after page', async () => {
    const seeded = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'exp-archive', count: 45, classes: { GLACIER: 1 }, notArchived: 5, awkwardShare: 0.2, eventBridge: true }) });
    const { manifest } = (await seeded.json()) as { manifest: { bucket: string; key: string } };
    const created = await fetch(`${runner.apiUrl}/create-job`, {
      method: 'POST',
      headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 2 }),
    });
    jobId = ((await created.json()) as { BulkJobId: string }).BulkJobId;
    await advance(60 * HOUR);
    expect(notifications.filter((n) => n.JobId === jobId && n.EventType === 'Finished')).toEqual([expect.objectContaining({ Status: 'Complete', TotalObjects: 50 })]);

    const ndjson = await exportAll(jobId, 'format=ndjson&limit=7');
    expect(ndjson.pages).toBeGreaterThanOrEqual(8);
    const rows = ndjson.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    expect(rows).toHaveLength(50);
    const restored = rows.filter((r) => r['State'] === 'restored');
    expect(restored).toHaveLength(45);
    expect(rows.filter((r) => r['State'] === 'available')).toHaveLength(5);
    // S3's expiry: completion + 2 days, rounded up to the next midnight UTC.
    for (const row of restored) expect(row['ExpiresAt']).toMatch(/T00:00:00(\.000)?Z$/);
    keys = rows.map((r) => r['Key']!).sort();

    // GET /jobs/{id}: bytes per state, from the sizes S3's restore events carried.
    const s3 = sandboxS3Client(runner.s3Endpoint!);
    const sizes = { restored: 0, available: 0 };
    for (const row of rows) sizes[row['State'] as 'restored' | 'available'] += (await s3.send(new HeadObjectCommand({ Bucket: row['Bucket'], Key: row['Key'] }))).ContentLength ?? 0;
    s3.destroy();
    expect(sizes.restored).toBeGreaterThan(0);
    // The not-archived ones' sizes come from the sweep's listing (the report carries none).
    const view = JSON.parse((await get(`/jobs/${jobId}`)).text) as { Bytes: Record<string, number> };
    expect(view.Bytes).toEqual({ registered: 0, requested: 0, restoring: 0, restored: sizes.restored, available: sizes.available, failed: 0 });

    const manifestExport = await exportAll(jobId, 'format=manifest&limit=20');
    const parsed: string[] = [];
    for await (const entry of parseManifest([manifestExport.text])) {
      expect(entry.kind).toBe('object');
      if (entry.kind === 'object') parsed.push(entry.key);
    }
    expect(parsed.sort()).toEqual(keys);

    const csv = await get(`/jobs/${jobId}/export?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('bucket,key,version_id,state,expires_at,expired_at');
    expect(lines).toHaveLength(51);
    expect(csv.headers.get('x-next-token')).toBeNull();
  }, 120_000);

  it('counts each expired copy once and leaves expired objects out of the export unless asked', async () => {
    await advance(4 * 24 * HOUR, 6 * HOUR);
    const listing = JSON.parse((await get(`/jobs/${jobId}/objects?state=restored&limit=1000`)).text) as { ExpiredObjects: number; Objects: Array<Record<string, string>> };
    expect(listing.ExpiredObjects).toBe(45);
    for (const object of listing.Objects) expect(Date.parse(object['ExpiredAt']!)).toBeGreaterThanOrEqual(Date.parse(object['ExpiresAt']!));

    const readable = await exportAll(jobId, 'format=ndjson');
    expect(readable.text.trim().split('\n').map((line) => (JSON.parse(line) as { State: string }).State)).toEqual(Array(5).fill('available'));
    const all = await exportAll(jobId, 'format=ndjson&include_expired=true');
    expect(all.text.trim().split('\n')).toHaveLength(50);
  }, 120_000);

  it('answers bad export requests with a 4xx, a code and the field', async () => {
    const bad = async (route: string) => {
      const answer = await get(route);
      return { status: answer.status, error: (JSON.parse(answer.text) as { error: { code: string; field?: string } }).error };
    };
    expect(await bad(`/jobs/${jobId}/export?format=xml`)).toMatchObject({ status: 400, error: { code: 'InvalidRequest', field: 'format' } });
    expect(await bad(`/jobs/${jobId}/export?limit=0`)).toMatchObject({ status: 400, error: { code: 'InvalidRequest', field: 'limit' } });
    expect(await bad(`/jobs/${jobId}/export?next_token=bm90LWEtdG9rZW4`)).toMatchObject({ status: 400, error: { code: 'InvalidNextToken', field: 'next_token' } });
    expect(await bad('/jobs/no-such-job/export')).toMatchObject({ status: 404, error: { code: 'JobNotFound', field: 'id' } });
  });
});
