/**
 * The `RestoreJobRequested` bus command on the local runner (manual-clock sandbox): published on
 * the runner's bus the way another system puts it on EventBridge, routed by the pattern in
 * services/jobs/serverless.yml to the real handler. A valid command makes a job that the API
 * shows; a refused one makes exactly one `JobRejected` (seen by a subscriber on the bus) with the
 * field or manifest line and creates nothing; a command delivered twice makes one job.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { JobRejected } from '@s3-bulk-restore/shared';
import { startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';
import type { BusEvent } from '../../src/runner/bus/in-process-bus.js';
import { sandboxS3Client } from '../../src/sandbox/clients.js';

const BUS = 's3-bulk-restore-local';
const PORTAL = 'com.example.archive-portal';

let runner: Runner;
let manifest: { bucket: string; key: string };
const rejected: BusEvent[] = [];
const created: BusEvent[] = [];

beforeAll(async () => {
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { port: 0, clockMode: 'manual', seed: 3 }, log: () => undefined });
  runner.bus.subscribe(BUS, { source: ['s3-bulk-restore.jobs'], 'detail-type': ['JobRejected'] }, async (event) => void rejected.push(event));
  runner.bus.subscribe(BUS, { source: ['s3-bulk-restore.jobs'], 'detail-type': ['JobCreated'] }, async (event) => void created.push(event));
  const seeded = await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'portal-archive', count: 20, eventBridge: true }) });
  const { bucket, key } = ((await seeded.json()) as { manifest: { bucket: string; key: string } }).manifest;
  manifest = { bucket, key };
  const s3 = sandboxS3Client(runner.s3Endpoint!);
  // A manifest whose first row has one field instead of Bucket,Key[,VersionId].
  await s3.send(new PutObjectCommand({ Bucket: manifest.bucket, Key: 'manifests/bad-first-line.csv', Body: 'portal-archive\nportal-archive,a.bin\n' }));
  s3.destroy();
});

afterAll(async () => {
  await runner?.close();
});

async function api(route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${runner.apiUrl}${route}`, { headers: { 'x-api-key': runner.apiKey } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Put a command on the runner's bus as another system would, and let everything it causes run. */
async function command(detail: Record<string, unknown>): Promise<BusEvent> {
  const [event] = runner.bus.publishTo(BUS, [{ source: PORTAL, detailType: 'RestoreJobRequested', detail }]);
  await runner.quiet();
  return event!;
}

function rejectionsOf(event: BusEvent): JobRejected[] {
  return rejected.map((e) => contracts.jobRejected.parse(e.detail)).filter((r) => r.request.eventId === event.id);
}

function jobsCreatedWithTag(tag: string): string[] {
  return created.filter((e) => e.detail['clientTag'] === tag).map((e) => String(e.detail['jobId']));
}

describe('RestoreJobRequested on the local runner', () => {
  it('a valid command makes a job visible at GET /jobs/{id}, and no JobRejected', async () => {
    const event = await command({ ...manifest, tier: 'BULK', expiration_days: 1, client_tag: 'portal-valid' });

    const [jobId, ...others] = jobsCreatedWithTag('portal-valid');
    expect(others).toEqual([]);
    const job = await api(`/jobs/${jobId}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ JobId: jobId, ClientTag: 'portal-valid', Tier: 'BULK', Manifest: { Bucket: manifest.bucket, Key: manifest.key } });
    expect(['Preparing', 'Restoring']).toContain(job.body['Status']);
    expect(rejectionsOf(event)).toEqual([]);
  });

  it.each([
    ['a bad tier', () => ({ ...manifest, tier: 'EXPEDITED' }), { code: 'TierNotSupported', field: 'tier' }],
    ['a missing manifest', () => ({ bucket: manifest.bucket, key: 'manifests/missing.csv', tier: 'BULK' }), { code: 'ManifestNotFound', field: 'key' }],
    ['a manifest with a bad line', () => ({ bucket: manifest.bucket, key: 'manifests/bad-first-line.csv', tier: 'BULK' }), { code: 'InvalidManifest', field: 'key', line: 1 }],
  ])('%s: exactly one JobRejected with the field or line, and no job', async (_label, detail, reason) => {
    const tag = `portal-${randomUUID().slice(0, 8)}`;
    const token = `tok-${randomUUID()}`;
    const jobsBefore = ((await api('/jobs?limit=100')).body['Jobs'] as unknown[]).length;

    const event = await command({ ...detail(), client_tag: tag, client_token: token });

    const rejections = rejectionsOf(event);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ schemaVersion: 1, request: { eventId: event.id, source: PORTAL, clientTag: tag, clientToken: token }, error: reason });
    expect(jobsCreatedWithTag(tag)).toEqual([]);
    expect(((await api('/jobs?limit=100')).body['Jobs'] as unknown[]).length).toBe(jobsBefore);
  });

  it('the same command delivered twice (the same event again, then a re-put with its client_token) makes one job', async () => {
    const detail = { ...manifest, tier: 'STANDARD', expiration_days: 2, client_tag: 'portal-twice' };
    const event = await command(detail);
    // EventBridge delivers at least once: the same envelope, the same id.
    runner.bus.route(BUS, [event]);
    await runner.quiet();
    expect(jobsCreatedWithTag('portal-twice')).toHaveLength(1);

    const tokenDetail = { ...manifest, tier: 'STANDARD', expiration_days: 2, client_tag: 'portal-token', client_token: `portal-${randomUUID()}` };
    await command(tokenDetail);
    await command(tokenDetail);
    expect(jobsCreatedWithTag('portal-token')).toHaveLength(1);
    const listed = ((await api('/jobs?limit=100')).body['Jobs'] as Array<{ ClientTag?: string }>).filter((j) => j.ClientTag === 'portal-twice' || j.ClientTag === 'portal-token');
    expect(listed).toHaveLength(2);
  });

  it('does not take a RestoreJobRequested from one of our own sources', async () => {
    const jobsBefore = ((await api('/jobs?limit=100')).body['Jobs'] as unknown[]).length;

    runner.bus.publishTo(BUS, [{ source: 's3-bulk-restore.restore-tracker', detailType: 'RestoreJobRequested', detail: { ...manifest, tier: 'BULK', client_tag: 'ours' } }]);
    await runner.quiet();

    expect(((await api('/jobs?limit=100')).body['Jobs'] as unknown[]).length).toBe(jobsBefore);
    expect(jobsCreatedWithTag('ours')).toEqual([]);
  });
});
