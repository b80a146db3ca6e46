/**
 * The bus command on fakes: `RestoreJobRequested` runs the create-job use case — the same job, the
 * same refusals as `POST /create-job` — and a refusal becomes exactly one `JobRejected`, while a
 * dependency failure is thrown for Lambda to retry.
 */
import { describe, expect, it } from '@jest/globals';
import { ConflictError, DependencyError, ValidationError, contracts } from '@s3-bulk-restore/shared';
import type { JobRejected } from '@s3-bulk-restore/shared';
import { createCreateJobHandler } from '../../src/handlers/create-job.js';
import { appHarness, createBody } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import { bodyOf, callHttp } from '../support/lambda-events.js';

const SOURCE = 'com.example.archive-portal';

function command(detail: unknown, eventId = 'e7a1c2d3-0000-4000-8000-000000000001') {
  return { eventId, source: SOURCE, detail };
}

function published(h: AppHarness, detailType: string) {
  return h.bus.events.filter((e) => e.detailType === detailType);
}

function rejections(h: AppHarness): JobRejected[] {
  return published(h, 'JobRejected').map((e) => contracts.jobRejected.parse(e.detail));
}

function expectNothingCreated(h: AppHarness): void {
  expect(h.batch.createCalls).toEqual([]);
  expect(h.store.jobs.size).toBe(0);
  expect(published(h, 'JobCreated')).toEqual([]);
}

describe('RestoreJobRequested', () => {
  it('creates the job HTTP would create, announces JobCreated, and publishes no JobRejected', async () => {
    const h = appHarness();

    const outcome = await h.app.onRestoreJobRequested(command({ schemaVersion: 1, ...createBody() }));

    expect(outcome).toEqual({ outcome: 'created', jobId: expect.any(String), batchJobId: 'batch-0001' });
    const job = await h.app.getJob(outcome.outcome === 'created' ? outcome.jobId : '');
    expect(job).toMatchObject({ Status: 'Preparing', Tier: 'BULK', ExpirationDays: 7, ClientTag: 'legal-hold-2026', Manifest: { Bucket: 'my-manifests', Key: 'restores/2026-11-26.csv' } });
    expect(h.store.jobs.get(job.JobId)).toMatchObject({ progressStepPercent: 10, createdEventPublished: true });
    expect(published(h, 'JobCreated')).toHaveLength(1);
    expect(published(h, 'JobCreated')[0]).toMatchObject({ source: 's3-bulk-restore.jobs', detail: { jobId: job.JobId, clientTag: 'legal-hold-2026' } });
    expect(rejections(h)).toEqual([]);
  });

  it('the same event delivered twice (same id) makes one job and one Batch job', async () => {
    const h = appHarness();

    const first = await h.app.onRestoreJobRequested(command(createBody()));
    const again = await h.app.onRestoreJobRequested(command(createBody()));

    expect(again).toEqual(first);
    expect(h.store.jobs.size).toBe(1);
    expect(h.batch.jobs).toHaveLength(1);
    expect(published(h, 'JobCreated')).toHaveLength(1);
  });

  it('two events (two ids) without a client_token are two jobs: the event id is the key', async () => {
    const h = appHarness();

    await h.app.onRestoreJobRequested(command(createBody(), 'event-1'));
    await h.app.onRestoreJobRequested(command(createBody(), 'event-2'));

    expect(h.store.jobs.size).toBe(2);
  });

  it('a client_token makes every command with it, and the HTTP request with it, one job', async () => {
    const h = appHarness();
    const body = createBody({ client_token: 'batch-7' });

    const first = await h.app.onRestoreJobRequested(command(body, 'event-1'));
    const second = await h.app.onRestoreJobRequested(command(body, 'event-2'));
    const overHttp = await callHttp(createCreateJobHandler(h.app), { method: 'POST', resource: '/create-job', path: '/create-job', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

    expect(second).toEqual(first);
    expect(overHttp.statusCode).toBe(202);
    expect(bodyOf(overHttp)['BulkJobId']).toBe(first.outcome === 'created' ? first.jobId : undefined);
    expect(h.store.jobs.size).toBe(1);
    expect(h.batch.jobs).toHaveLength(1);
  });

  it.each([
    ['a tier the schema does not know', createBody({ tier: 'FAST' }), { code: 'InvalidRequest', field: 'tier' }],
    ['EXPEDITED', createBody({ tier: 'EXPEDITED' }), { code: 'TierNotSupported', field: 'tier' }],
    ['a missing key', createBody({ key: undefined }), { code: 'InvalidRequest', field: 'key' }],
    ['an unknown field', createBody({ jobId: 'mine' }), { code: 'InvalidRequest', field: 'jobId' }],
    ['schemaVersion 2', createBody({ schemaVersion: 2 }), { code: 'InvalidRequest', field: 'schemaVersion' }],
    ['a manifest that does not exist', createBody({ key: 'restores/missing.csv' }), { code: 'ManifestNotFound', field: 'key' }],
  ])('%s: one JobRejected with the code and field, and nothing created', async (_label, body, reason) => {
    const h = appHarness();

    const outcome = await h.app.onRestoreJobRequested(command(body));

    expect(outcome).toEqual({ outcome: 'rejected', ...reason });
    expectNothingCreated(h);
    const [rejected, ...more] = rejections(h);
    expect(more).toEqual([]);
    expect(rejected).toMatchObject({
      schemaVersion: 1,
      request: { eventId: 'e7a1c2d3-0000-4000-8000-000000000001', source: SOURCE, clientTag: 'legal-hold-2026' },
      error: { ...reason, message: expect.any(String) },
    });
    expect(published(h, 'JobRejected')[0]).toMatchObject({ source: 's3-bulk-restore.jobs', detailType: 'JobRejected' });
  });

  it('a manifest with a bad first row: JobRejected names the line', async () => {
    const h = appHarness();
    h.manifests.manifests.set('my-manifests/bad.csv', new ValidationError('InvalidManifest', 'Line 1 of the manifest is not a Bucket,Key[,VersionId] row', { field: 'key', line: 1 }));

    const outcome = await h.app.onRestoreJobRequested(command(createBody({ key: 'bad.csv', client_token: 'tok-1' })));

    expect(outcome).toEqual({ outcome: 'rejected', code: 'InvalidManifest', field: 'key', line: 1 });
    expect(rejections(h)).toEqual([
      {
        schemaVersion: 1,
        request: { eventId: 'e7a1c2d3-0000-4000-8000-000000000001', source: SOURCE, clientTag: 'legal-hold-2026', clientToken: 'tok-1' },
        error: { code: 'InvalidManifest', message: 'Line 1 of the manifest is not a Bucket,Key[,VersionId] row', field: 'key', line: 1 },
        rejectedAt: expect.any(String),
      },
    ]);
    expectNothingCreated(h);
  });

  it('carries the error object the HTTP 4xx body carries for the same request', async () => {
    const h = appHarness();
    const body = createBody({ tier: 'EXPEDITED', expiration_days: 0 });

    await h.app.onRestoreJobRequested(command(body));
    const overHttp = await callHttp(createCreateJobHandler(h.app), { method: 'POST', resource: '/create-job', path: '/create-job', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

    const { requestId: _id, message: _m, ...httpError } = bodyOf(overHttp).error as Record<string, unknown>;
    const { message: _message, ...busError } = rejections(h)[0]!.error;
    expect(overHttp.statusCode).toBe(400);
    expect(busError).toEqual(httpError);
  });

  it('a client_token already used for another request: JobRejected IdempotencyConflict, no second job', async () => {
    const h = appHarness();
    await h.app.createJob(createBody({ client_token: 'used' }));

    const outcome = await h.app.onRestoreJobRequested(command(createBody({ client_token: 'used', tier: 'STANDARD' })));

    expect(outcome).toMatchObject({ outcome: 'rejected', code: 'IdempotencyConflict' });
    expect(h.store.jobs.size).toBe(1);
    expect(rejections(h)[0]!.request).toMatchObject({ clientToken: 'used' });
  });

  it('a detail that is not an object is rejected with only the event id and source to match it', async () => {
    const h = appHarness();

    await h.app.onRestoreJobRequested(command('restore everything please'));

    expect(rejections(h)).toEqual([expect.objectContaining({ request: { eventId: 'e7a1c2d3-0000-4000-8000-000000000001', source: SOURCE }, error: expect.objectContaining({ code: 'InvalidRequest' }) })]);
    expectNothingCreated(h);
  });

  it('echoes a client_tag that is itself the problem, so the sender can still match the rejection', async () => {
    const h = appHarness();

    await h.app.onRestoreJobRequested(command(createBody({ client_tag: 'no*stars' })));

    expect(rejections(h)[0]).toMatchObject({ request: { clientTag: 'no*stars' }, error: { code: 'InvalidRequest', field: 'client_tag' } });
  });

  it.each([
    ['S3 did not answer about the manifest (a 503 over HTTP)', new DependencyError('ManifestCheckFailed', 'S3 did not answer', { field: 'key', httpStatus: 503 })],
    ['the idempotency key is being claimed by a concurrent delivery', new ConflictError('IdempotencyConflict', 'being claimed; retry', { field: 'Idempotency-Key', retryable: true })],
    ['an unexpected error', new Error('socket hang up')],
  ])('%s: thrown for Lambda to retry, no JobRejected, nothing created', async (_label, failure) => {
    const h = appHarness();
    h.manifests.manifests.set('my-manifests/flaky.csv', failure);

    await expect(h.app.onRestoreJobRequested(command(createBody({ key: 'flaky.csv' })))).rejects.toBe(failure);

    expect(h.bus.events).toEqual([]);
    expectNothingCreated(h);
  });

  it('a JobRejected the bus does not take is thrown, so the retry rejects again', async () => {
    const h = appHarness();
    h.bus.failures = 1;

    await expect(h.app.onRestoreJobRequested(command(createBody({ tier: 'EXPEDITED' })))).rejects.toThrow('the bus is down');
    const retried = await h.app.onRestoreJobRequested(command(createBody({ tier: 'EXPEDITED' })));

    expect(retried).toMatchObject({ outcome: 'rejected', code: 'TierNotSupported' });
    expect(rejections(h)).toHaveLength(1);
  });
});
