/** createJob's rules on fakes: every refusal names its code and field and creates nothing; retries are safe. */
import { describe, expect, it } from '@jest/globals';
import { ConflictError, ValidationError, contracts } from '@s3-bulk-restore/shared';
import { appHarness, createBody, SETTINGS } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import { errorOf } from '../support/errors.js';


function expectNothingCreated(h: AppHarness): void {
  expect(h.batch.createCalls).toEqual([]);
  expect(h.store.jobs.size).toBe(0);
  expect(h.bus.events).toEqual([]);
}

describe('createJob', () => {
  it('inspects the manifest, creates a gated Batch job, writes the job, publishes JobCreated and answers like the sample', async () => {
    const h = appHarness();
    const response = await h.app.createJob(createBody());

    expect(h.manifests.calls).toEqual([{ bucket: 'my-manifests', key: 'restores/2026-11-26.csv' }]);
    expect(h.batch.createCalls).toHaveLength(1);
    const batchInput = h.batch.createCalls[0]!;
    expect(batchInput).toMatchObject({
      manifest: { bucket: 'my-manifests', key: 'restores/2026-11-26.csv', etag: '9b2cf535f27731c974343645a3985328', fields: ['Bucket', 'Key'] },
      tier: 'BULK',
      expirationDays: 7,
      clientTag: 'legal-hold-2026',
      jobId: response.BulkJobId,
      reportBucket: SETTINGS.reportBucket,
      roleArn: SETTINGS.batchRoleArn,
      accountId: SETTINGS.accountId,
    });
    expect(batchInput.clientRequestToken.length).toBeLessThanOrEqual(64);

    expect(response).toEqual({
      BulkJobId: '11111111-1111-4111-8111-000000000001',
      SNSTopic: SETTINGS.notificationTopicArn,
      SQSQueue: SETTINGS.notificationQueueUrl,
      BatchOperation: { JobId: 'batch-0001' },
      Status: 'Preparing',
    });
    const job = h.store.jobs.get(response.BulkJobId)!;
    expect(job).toMatchObject({ status: 'Preparing', batchJobId: 'batch-0001', progressStepPercent: 10, createdEventPublished: true, totalObjects: null });

    expect(h.bus.events).toHaveLength(1);
    const [event] = h.bus.events;
    expect(event).toMatchObject({ source: 's3-bulk-restore.jobs', detailType: 'JobCreated' });
    expect(contracts.jobCreated.is(event!.detail)).toBe(true);
    expect(event!.detail).toEqual({
      schemaVersion: 1,
      jobId: response.BulkJobId,
      batchJobId: 'batch-0001',
      createdAt: job.createdAt,
      manifest: { bucket: 'my-manifests', key: 'restores/2026-11-26.csv', etag: '9b2cf535f27731c974343645a3985328', size: 48213 },
      tier: 'BULK',
      expirationDays: 7,
      clientTag: 'legal-hold-2026',
      progressStepPercent: 10,
    });
  });

  it('a versioned manifest gives the Batch job its version id and the VersionId column', async () => {
    const h = appHarness();
    await h.app.createJob(createBody({ key: 'versioned.csv', expiration_days: undefined, client_tag: undefined, tier: 'STANDARD', progress_step_percent: 25 }));
    expect(h.batch.createCalls[0]).toMatchObject({ manifest: { versionId: 'v-1', fields: ['Bucket', 'Key', 'VersionId'] }, tier: 'STANDARD' });
    expect(h.batch.createCalls[0]!.expirationDays).toBeUndefined();
    expect(h.bus.events[0]!.detail).toMatchObject({ manifest: { versionId: 'v-1' }, progressStepPercent: 25 });
    expect(h.bus.events[0]!.detail).not.toHaveProperty('expirationDays');
  });

  describe('refuses bad input with a code and a field, and creates nothing', () => {
    it.each([
      ['EXPEDITED', { tier: 'EXPEDITED' }, 'TierNotSupported', 'tier'],
      ['an unknown tier', { tier: 'Fast' }, 'InvalidRequest', 'tier'],
      ['a lower-case tier', { tier: 'bulk' }, 'InvalidRequest', 'tier'],
      ['expiration_days 0', { expiration_days: 0 }, 'InvalidRequest', 'expiration_days'],
      ['expiration_days 3651', { expiration_days: 3651 }, 'InvalidRequest', 'expiration_days'],
      ['expiration_days "5"', { expiration_days: '5' }, 'InvalidRequest', 'expiration_days'],
      ['expiration_days 2.5', { expiration_days: 2.5 }, 'InvalidRequest', 'expiration_days'],
      ['a missing bucket', { bucket: undefined }, 'InvalidRequest', 'bucket'],
      ['a bucket name with capitals', { bucket: 'My_Bucket' }, 'InvalidRequest', 'bucket'],
      ['an empty key', { key: '' }, 'InvalidRequest', 'key'],
      ['a client_tag with a forbidden character', { client_tag: 'a;b' }, 'InvalidRequest', 'client_tag'],
      ['progress_step_percent 0', { progress_step_percent: 0 }, 'InvalidRequest', 'progress_step_percent'],
      ['an unknown field', { priority: 5 }, 'InvalidRequest', 'priority'],
      ['a client_token with spaces', { client_token: 'a b' }, 'InvalidRequest', 'client_token'],
    ])('%s', async (_label, change, code, field) => {
      const h = appHarness();
      const error = await errorOf(h.app.createJob(createBody(change)));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code, details: { field } });
      expectNothingCreated(h);
      expect(h.manifests.calls).toEqual([]);
    });

    it('explains why EXPEDITED is refused', async () => {
      const error = await errorOf(appHarness().app.createJob(createBody({ tier: 'EXPEDITED' })));
      expect(error.message).toMatch(/Batch Operations restores only with STANDARD or BULK/);
    });

    it('the header and client_token both given and different: IdempotencyKeyMismatch', async () => {
      const h = appHarness();
      const error = await errorOf(h.app.createJob(createBody({ client_token: 'token-a' }), { idempotencyKey: 'token-b' }));
      expect(error).toMatchObject({ code: 'IdempotencyKeyMismatch', details: { field: 'client_token' } });
      expectNothingCreated(h);
    });

    it('an Idempotency-Key header that is empty or not visible ASCII: InvalidIdempotencyKey', async () => {
      for (const key of ['', 'with space', 'ü', 'x'.repeat(256)]) {
        const h = appHarness();
        const error = await errorOf(h.app.createJob(createBody(), { idempotencyKey: key }));
        expect(error).toMatchObject({ code: 'InvalidIdempotencyKey', details: { field: 'Idempotency-Key' } });
        expectNothingCreated(h);
      }
    });

    it.each([
      ['missing', 'restores/missing.csv', new ValidationError('ManifestNotFound', 'does not exist', { field: 'key' })],
      ['unreadable', 'restores/denied.csv', new ValidationError('ManifestNotReadable', 'access denied', { field: 'key' })],
      ['empty', 'restores/empty.csv', new ValidationError('EmptyManifest', 'empty', { field: 'key' })],
      ['with a bad first line', 'restores/bad.csv', new ValidationError('InvalidManifest', 'line 1', { field: 'key', line: 1 })],
    ])('a manifest %s: the inspector error, and no Batch job', async (_label, key, refusal) => {
      const h = appHarness();
      h.manifests.manifests.set(`my-manifests/${key}`, refusal);
      const error = await errorOf(h.app.createJob(createBody({ key })));
      expect(error).toBe(refusal);
      expectNothingCreated(h);
    });
  });

  describe('idempotency', () => {
    it('a retried request (same key, same body) gets the same response, one Batch job and one JobCreated', async () => {
      const h = appHarness();
      const first = await h.app.createJob(createBody(), { idempotencyKey: 'req-2026-11-26-001' });
      const second = await h.app.createJob(createBody(), { idempotencyKey: 'req-2026-11-26-001' });
      const viaBody = await h.app.createJob(createBody({ client_token: 'req-2026-11-26-001' }));
      expect(second).toEqual(first);
      expect(viaBody).toEqual(first);
      expect(h.batch.jobs).toHaveLength(1);
      expect(h.store.jobs.size).toBe(1);
      expect(h.bus.events).toHaveLength(1);
    });

    it('the job id is a UUID derived from the key, stable across retries and different per key', async () => {
      const h = appHarness();
      const a = await h.app.createJob(createBody(), { idempotencyKey: 'key-a' });
      const b = await h.app.createJob(createBody(), { idempotencyKey: 'key-b' });
      expect(a.BulkJobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(b.BulkJobId).not.toBe(a.BulkJobId);
      const again = appHarness();
      expect((await again.app.createJob(createBody(), { idempotencyKey: 'key-a' })).BulkJobId).toBe(a.BulkJobId);
    });

    it('the same key with a different body is an IdempotencyConflict (409) and creates nothing more', async () => {
      const h = appHarness();
      await h.app.createJob(createBody(), { idempotencyKey: 'req-1' });
      const error = await errorOf(h.app.createJob(createBody({ expiration_days: 8 }), { idempotencyKey: 'req-1' }));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.code).toBe('IdempotencyConflict');
      expect(h.batch.createCalls).toHaveLength(1);
      expect(h.bus.events).toHaveLength(1);
    });

    it('a first attempt that died before publishing: the retry publishes JobCreated, once', async () => {
      const h = appHarness();
      h.bus.failures = 1;
      await expect(h.app.createJob(createBody(), { idempotencyKey: 'req-crash' })).rejects.toThrow('the bus is down');
      const [job] = [...h.store.jobs.values()];
      expect(job?.createdEventPublished).toBe(false);
      const response = await h.app.createJob(createBody(), { idempotencyKey: 'req-crash' });
      expect(response.BulkJobId).toBe(job!.jobId);
      expect(h.bus.events).toHaveLength(1);
      expect(h.store.jobs.get(job!.jobId)?.createdEventPublished).toBe(true);
      await h.app.createJob(createBody(), { idempotencyKey: 'req-crash' });
      expect(h.bus.events).toHaveLength(1);
      expect(h.batch.jobs).toHaveLength(1);
    });

    it('a first attempt that died after the Batch job but before the record: the retry reuses the Batch job (same token)', async () => {
      const h = appHarness();
      const create = h.store.create.bind(h.store);
      h.store.create = async () => {
        throw new Error('the process died');
      };
      await expect(h.app.createJob(createBody(), { idempotencyKey: 'req-died' })).rejects.toThrow('the process died');
      h.store.create = create;
      const response = await h.app.createJob(createBody(), { idempotencyKey: 'req-died' });
      expect(h.batch.createCalls).toHaveLength(2);
      expect(h.batch.createCalls[0]!.clientRequestToken).toBe(h.batch.createCalls[1]!.clientRequestToken);
      expect(h.batch.jobs).toHaveLength(1);
      expect(response.BatchOperation.JobId).toBe(h.batch.jobs[0]!.batchJobId);
    });

    it('without a key every request is a new job with its own Batch job', async () => {
      const h = appHarness();
      const a = await h.app.createJob(createBody());
      const b = await h.app.createJob(createBody());
      expect(a.BulkJobId).not.toBe(b.BulkJobId);
      expect(h.batch.jobs).toHaveLength(2);
      expect(h.bus.events).toHaveLength(2);
    });
  });
});
