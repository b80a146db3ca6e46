/** `POST /jobs/{id}/cancel` through its handler, with a real API Gateway REST v1 event and the real use case on fakes. */
import { describe, expect, it } from '@jest/globals';
import { compileSchema, errorBodySchema, jobViewSchema } from '@s3-bulk-restore/shared';
import { createCancelJobHandler } from '../../src/handlers/cancel-job.js';
import { appHarness, createBody } from '../support/app-harness.js';
import type { AppHarness } from '../support/app-harness.js';
import { envelope, finished } from '../support/fixtures.js';
import { bodyOf, callHttp } from '../support/lambda-events.js';

const isError = compileSchema(errorBodySchema);
const cancel = (h: AppHarness, id: string) =>
  callHttp(createCancelJobHandler(h.app), { method: 'POST', resource: '/jobs/{id}/cancel', path: `/jobs/${id}/cancel`, pathParameters: { id }, body: null });

describe('POST /jobs/{id}/cancel', () => {
  it('202 with the job view and a Location; JobCancelRequested on the bus', async () => {
    const h = appHarness();
    const { BulkJobId } = await h.app.createJob(createBody());
    const response = await cancel(h, BulkJobId);
    expect(response.statusCode).toBe(202);
    const view = bodyOf(response);
    expect(compileSchema(jobViewSchema)(view)).toBe(true);
    expect(view).toMatchObject({ JobId: BulkJobId, Status: 'Preparing' });
    expect(response.headers).toMatchObject({ location: `/jobs/${BulkJobId}` });
    expect(h.bus.events.map((e) => e.detailType)).toEqual(['JobCreated', 'JobCancelRequested']);
  });

  it('409 JobAlreadyFinished naming the status for a finished job, 404 JobNotFound for an unknown one', async () => {
    const h = appHarness();
    const { BulkJobId } = await h.app.createJob(createBody());
    const job = (await h.store.get(BulkJobId))!;
    await h.app.onTrackerEvent(envelope('JobFinished', finished(job, 'Complete', { restored: 100 }, { seconds: 900, percent: 100 })));
    const conflict = await cancel(h, BulkJobId);
    expect(conflict.statusCode).toBe(409);
    const body = bodyOf(conflict);
    expect(isError(body)).toBe(true);
    expect(body.error).toMatchObject({ code: 'JobAlreadyFinished', message: expect.stringContaining('already ended Complete') });

    const missing = await cancel(h, '7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10');
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing).error).toMatchObject({ code: 'JobNotFound', field: 'id' });
  });
});
