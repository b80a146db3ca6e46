/** The HTTP handlers through their factories, with real API Gateway REST v1 events and the real use cases on fakes. */
import { describe, expect, it } from '@jest/globals';
import { ValidationError, compileSchema, errorBodySchema, jobListSchema, jobViewSchema, createJobResponseSchema } from '@s3-bulk-restore/shared';
import { createCreateJobHandler } from '../../src/handlers/create-job.js';
import { createGetJobHandler } from '../../src/handlers/get-job.js';
import { createListJobsHandler } from '../../src/handlers/list-jobs.js';
import { appHarness, createBody } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import { finished, progressed } from '../support/fixtures.js';
import { bodyOf, callHttp } from '../support/lambda-events.js';

const isError = compileSchema(errorBodySchema);
const json = { 'Content-Type': 'application/json' };

function postCreateJob(h: AppHarness, body: string | null, headers: Record<string, string> = json) {
  return callHttp(createCreateJobHandler(h.app), { method: 'POST', resource: '/create-job', path: '/create-job', body, headers });
}

describe('POST /create-job', () => {
  it('202 with the sample’s fields, a Location, and a JobCreated on the bus', async () => {
    const h = appHarness();
    const response = await postCreateJob(h, JSON.stringify(createBody()));
    expect(response.statusCode).toBe(202);
    const body = bodyOf(response);
    expect(compileSchema(createJobResponseSchema)(body)).toBe(true);
    expect(body).toMatchObject({ Status: 'Preparing', BatchOperation: { JobId: 'batch-0001' } });
    expect(response.headers).toMatchObject({ location: `/jobs/${String(body['BulkJobId'])}` });
    expect(h.bus.events).toHaveLength(1);
  });

  it('the Idempotency-Key header (any case) makes a retry return the same response and no second Batch job', async () => {
    const h = appHarness();
    const first = await postCreateJob(h, JSON.stringify(createBody()), { ...json, 'Idempotency-Key': 'retry-me' });
    const second = await postCreateJob(h, JSON.stringify(createBody()), { ...json, 'idempotency-key': 'retry-me' });
    expect(second.statusCode).toBe(202);
    expect(second.body).toBe(first.body);
    expect(h.batch.jobs).toHaveLength(1);
    const conflict = await postCreateJob(h, JSON.stringify(createBody({ tier: 'STANDARD' })), { ...json, 'Idempotency-Key': 'retry-me' });
    expect(conflict.statusCode).toBe(409);
    expect(bodyOf(conflict).error).toMatchObject({ code: 'IdempotencyConflict' });
  });

  it.each([
    ['malformed JSON', '{"bucket": "my-manifests", ', 'MalformedJson', 'body'],
    ['no body', null, 'MissingBody', 'body'],
    ['a JSON array', '[]', 'InvalidRequest', 'body'],
    ['a missing key', JSON.stringify(createBody({ key: undefined })), 'InvalidRequest', 'key'],
    ['a mistyped bucket', JSON.stringify(createBody({ bucket: 42 })), 'InvalidRequest', 'bucket'],
    ['an unknown tier', JSON.stringify(createBody({ tier: 'GLACIER_FAST' })), 'InvalidRequest', 'tier'],
    ['EXPEDITED', JSON.stringify(createBody({ tier: 'EXPEDITED' })), 'TierNotSupported', 'tier'],
    ['expiration_days 0', JSON.stringify(createBody({ expiration_days: 0 })), 'InvalidRequest', 'expiration_days'],
    ['expiration_days 3651', JSON.stringify(createBody({ expiration_days: 3651 })), 'InvalidRequest', 'expiration_days'],
    ['expiration_days "5"', JSON.stringify(createBody({ expiration_days: '5' })), 'InvalidRequest', 'expiration_days'],
    ['a different client_token and Idempotency-Key', JSON.stringify(createBody({ client_token: 'a' })), 'IdempotencyKeyMismatch', 'client_token', { 'Idempotency-Key': 'b' }],
  ] as Array<[string, string | null, string, string, Record<string, string>?]>)('%s: 400 with code and field, and nothing created', async (_label, body, code, field, headers = {}) => {
    const h = appHarness();
    const response = await postCreateJob(h, body, { ...json, ...headers });
    expect(response.statusCode).toBe(400);
    const parsed = bodyOf(response);
    expect(isError(parsed)).toBe(true);
    expect(parsed.error).toMatchObject({ code, field });
    expect(h.batch.createCalls).toEqual([]);
    expect(h.bus.events).toEqual([]);
  });

  it('a manifest that does not exist or has a bad first line: 400 with field and line, no Batch job', async () => {
    const h = appHarness();
    h.manifests.manifests.set('my-manifests/bad.csv', new ValidationError('InvalidManifest', 'Line 1 is not a row', { field: 'key', line: 1 }));
    const missing = await postCreateJob(h, JSON.stringify(createBody({ key: 'nope.csv' })));
    expect(missing.statusCode).toBe(400);
    expect(bodyOf(missing).error).toMatchObject({ code: 'ManifestNotFound', field: 'key' });
    const bad = await postCreateJob(h, JSON.stringify(createBody({ key: 'bad.csv' })));
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad).error).toMatchObject({ code: 'InvalidManifest', field: 'key', line: 1 });
    expect(h.batch.createCalls).toEqual([]);
  });

  it('an unexpected failure is a generic 500 (details logged, not returned)', async () => {
    const h = appHarness();
    h.batch.createRestoreJob = async () => {
      throw new Error('socket hang up at 10.0.0.1');
    };
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      const response = await postCreateJob(h, JSON.stringify(createBody()));
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/socket|10\.0\.0\.1/);
      expect(bodyOf(response).error).toMatchObject({ code: 'InternalError' });
      expect(JSON.stringify(logged)).toMatch(/socket hang up/);
    } finally {
      console.error = original;
    }
  });
});

describe('GET /jobs/{id} and GET /jobs', () => {
  const getJob = (h: AppHarness, id: string) =>
    callHttp(createGetJobHandler(h.app), { method: 'GET', resource: '/jobs/{id}', path: `/jobs/${id}`, pathParameters: { id } });
  const listJobs = (h: AppHarness, query: Record<string, string> | null) =>
    callHttp(createListJobsHandler(h.app), { method: 'GET', resource: '/jobs', path: '/jobs', query });

  it('200 with a valid JobView for a known job', async () => {
    const h = appHarness();
    const created = bodyOf(await postCreateJob(h, JSON.stringify(createBody())));
    const response = await getJob(h, String(created['BulkJobId']));
    expect(response.statusCode).toBe(200);
    const view = bodyOf(response);
    expect(compileSchema(jobViewSchema)(view)).toBe(true);
    expect(view).toMatchObject({ JobId: created['BulkJobId'], Status: 'Preparing', TotalObjects: null, ProgressPercent: 0 });
  });

  it('404 JobNotFound for an unknown id, 400 InvalidJobId for a malformed one', async () => {
    const h = appHarness();
    const missing = await getJob(h, '7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10');
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing).error).toMatchObject({ code: 'JobNotFound', field: 'id' });
    const malformed = await getJob(h, 'not a job id!');
    expect(malformed.statusCode).toBe(400);
    expect(bodyOf(malformed).error).toMatchObject({ code: 'InvalidJobId', field: 'id' });
  });

  it('lists newest first with limit and next_token from the query string', async () => {
    const h = appHarness();
    for (let i = 0; i < 3; i++) await postCreateJob(h, JSON.stringify(createBody()));
    const first = await listJobs(h, { limit: '2' });
    expect(first.statusCode).toBe(200);
    const page = bodyOf(first);
    expect(compileSchema(jobListSchema)(page)).toBe(true);
    expect((page['Jobs'] as unknown[]).length).toBe(2);
    const second = bodyOf(await listJobs(h, { limit: '2', next_token: String(page['NextToken']) }));
    expect((second['Jobs'] as unknown[]).length).toBe(1);
    expect(second['NextToken']).toBeUndefined();
    expect(bodyOf(await listJobs(h, null))['Jobs']).toHaveLength(3);
  });

  it.each([
    [{ status: 'Finished' }, 'InvalidRequest', 'status'],
    [{ limit: '0' }, 'InvalidRequest', 'limit'],
    [{ limit: '1000' }, 'InvalidRequest', 'limit'],
    [{ limit: '5x' }, 'InvalidRequest', 'limit'],
    [{ next_token: 'bogus' }, 'InvalidNextToken', 'next_token'],
  ])('query %p: 400 with code and field', async (query, code, field) => {
    const response = await listJobs(appHarness(), query);
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toMatchObject({ code, field });
  });
});

describe('GET /jobs?client_tag=', () => {
  const listJobs = (h: AppHarness, query: Record<string, string>) =>
    callHttp(createListJobsHandler(h.app), { method: 'GET', resource: '/jobs', path: '/jobs', query });
  const idsOf = (response: { body: string }) => (bodyOf(response)['Jobs'] as Array<{ JobId: string }>).map((j) => j.JobId);

  /** Five jobs, oldest first: tags a, b, a, (none), a; the second `a` fails. */
  async function tagged(h: AppHarness): Promise<string[]> {
    const tags = ['team a', 'team b', 'team a', undefined, 'team a'];
    const ids: string[] = [];
    for (const tag of tags) {
      const response = await postCreateJob(h, JSON.stringify(createBody({ client_tag: tag })));
      ids.push(String(bodyOf(response)['BulkJobId']));
    }
    const record = (await h.store.get(ids[2]!))!;
    await h.store.applyFinished(finished(record, 'Failed', {}, { seconds: 600, percent: 0 }));
    return ids;
  }

  it('lists only the jobs with that tag, newest first, a page at a time', async () => {
    const h = appHarness();
    const ids = await tagged(h);
    const first = await listJobs(h, { client_tag: 'team a', limit: '2' });
    expect(first.statusCode).toBe(200);
    expect(compileSchema(jobListSchema)(bodyOf(first))).toBe(true);
    expect(idsOf(first)).toEqual([ids[4], ids[2]]);
    const second = await listJobs(h, { client_tag: 'team a', limit: '2', next_token: String(bodyOf(first)['NextToken']) });
    expect(idsOf(second)).toEqual([ids[0]]);
    expect(bodyOf(second)['NextToken']).toBeUndefined();
    expect(idsOf(await listJobs(h, { client_tag: 'team b' }))).toEqual([ids[1]]);
  });

  it('combines with status', async () => {
    const h = appHarness();
    const ids = await tagged(h);
    const page1 = await listJobs(h, { client_tag: 'team a', status: 'Preparing', limit: '1' });
    expect(idsOf(page1)).toEqual([ids[4]]);
    const page2 = await listJobs(h, { client_tag: 'team a', status: 'Preparing', limit: '1', next_token: String(bodyOf(page1)['NextToken']) });
    expect(idsOf(page2)).toEqual([ids[0]]);
    expect(bodyOf(page2)['NextToken']).toBeUndefined();
    expect(idsOf(await listJobs(h, { client_tag: 'team a', status: 'Failed' }))).toEqual([ids[2]]);
    expect(idsOf(await listJobs(h, { client_tag: 'team b', status: 'Failed' }))).toEqual([]);
  });

  it.each([
    ['empty', { client_tag: '' }],
    ['a character S3 tag values do not allow', { client_tag: 'no#hash' }],
    ['longer than 256 characters', { client_tag: 'x'.repeat(257) }],
    ['valid, with an invalid status', { client_tag: 'team a', status: 'Done' }],
  ])('a client_tag %s: 400 InvalidRequest naming the field', async (_label, query) => {
    const response = await listJobs(appHarness(), query);
    expect(response.statusCode).toBe(400);
    expect(isError(bodyOf(response))).toBe(true);
    expect(bodyOf(response).error).toMatchObject({ code: 'InvalidRequest', field: 'status' in query ? 'status' : 'client_tag' });
  });

  it('a token issued for one tag is refused for another: 400 InvalidNextToken', async () => {
    const h = appHarness();
    await tagged(h);
    const first = await listJobs(h, { client_tag: 'team a', limit: '1' });
    const replayed = await listJobs(h, { client_tag: 'team b', limit: '1', next_token: String(bodyOf(first)['NextToken']) });
    expect(replayed.statusCode).toBe(400);
    expect(bodyOf(replayed).error).toMatchObject({ code: 'InvalidNextToken', field: 'next_token' });
  });
});

describe('GET /jobs/{id}: EstimatedCompletionAt', () => {
  const getJob = (h: AppHarness, id: string) =>
    callHttp(createGetJobHandler(h.app), { method: 'GET', resource: '/jobs/{id}', path: `/jobs/${id}`, pathParameters: { id } });
  const HOUR = 3_600_000;
  const plus = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * HOUR).toISOString();

  async function viewOf(h: AppHarness, id: string): Promise<Record<string, unknown>> {
    const response = await getJob(h, id);
    expect(response.statusCode).toBe(200);
    const view = bodyOf(response);
    expect(compileSchema(jobViewSchema)(view)).toBe(true);
    return view;
  }

  it('follows the job: the tier’s window from creation, then from confirmation, then the observed pace; gone once it ends', async () => {
    const h = appHarness();
    const id = String(bodyOf(await postCreateJob(h, JSON.stringify(createBody({ tier: 'STANDARD' }))))['BulkJobId']);
    const created = (await h.store.get(id))!;
    expect((await viewOf(h, id))['EstimatedCompletionAt']).toBe(plus(created.createdAt, 12));

    const confirmedAt = plus(created.createdAt, 1);
    await h.store.markConfirmed(id, new Date(confirmedAt));
    expect((await viewOf(h, id))['EstimatedCompletionAt']).toBe(plus(confirmedAt, 12));

    // 40 of 100 settled 2 h after confirmation: 3 h more at that pace.
    const progress = { ...progressed(created, { restored: 30, available: 5, failed: 5, restoring: 60 }, { seconds: 0, percent: 40 }), at: plus(confirmedAt, 2) };
    await h.store.applyProgress(progress);
    expect((await viewOf(h, id))['EstimatedCompletionAt']).toBe(plus(confirmedAt, 5));

    await h.store.applyFinished({ ...finished(created, 'Complete', { restored: 90, available: 5, failed: 5 }, { seconds: 0, percent: 100 }), at: plus(confirmedAt, 4) });
    const done = await viewOf(h, id);
    expect(done['Status']).toBe('Complete');
    expect(done).not.toHaveProperty('EstimatedCompletionAt');
  });
});
