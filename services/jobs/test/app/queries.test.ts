/** getJob and listJobs: input checks with codes and fields, views valid against their schemas. */
import { describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError, compileSchema, jobListSchema } from '@s3-bulk-restore/shared';
import { appHarness, createBody } from '../support/app-harness.js';
import { errorOf } from '../support/errors.js';


describe('getJob', () => {
  it('an unknown id is NotFoundError JobNotFound', async () => {
    const error = await errorOf(appHarness().app.getJob('00000000-0000-4000-8000-000000000000'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'JobNotFound', details: { field: 'id' } });
  });

  it.each([[''], ['has space'], ['x'.repeat(65)], [undefined], ['../etc']])('a malformed id %p is InvalidJobId', async (id) => {
    const error = await errorOf(appHarness().app.getJob(id));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'InvalidJobId', details: { field: 'id' } });
  });
});

describe('listJobs', () => {
  const isJobList = compileSchema(jobListSchema);

  it('pages newest first with a default limit of 20, filtered by status', async () => {
    const h = appHarness();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) ids.push((await h.app.createJob(createBody())).BulkJobId);
    const first = await h.app.listJobs({});
    expect(isJobList(first)).toBe(true);
    expect(first.Jobs).toHaveLength(20);
    expect(first.Jobs[0]!.JobId).toBe(ids[22]);
    const second = await h.app.listJobs({ next_token: first.NextToken });
    expect(second.Jobs.map((j) => j.JobId)).toEqual(ids.slice(0, 3).reverse());
    expect(second.NextToken).toBeUndefined();
    expect((await h.app.listJobs({ status: 'Complete' })).Jobs).toEqual([]);
    expect((await h.app.listJobs({ status: 'Preparing', limit: 100 })).Jobs).toHaveLength(23);
  });

  it.each([
    [{ status: 'Done' }, 'InvalidRequest', 'status'],
    [{ limit: 0 }, 'InvalidRequest', 'limit'],
    [{ limit: 101 }, 'InvalidRequest', 'limit'],
    [{ limit: 'ten' }, 'InvalidRequest', 'limit'],
    [{ sort: 'asc' }, 'InvalidRequest', 'sort'],
    [{ next_token: 'not-a-token' }, 'InvalidNextToken', 'next_token'],
  ])('%p is refused with its code and field', async (query, code, field) => {
    const error = await errorOf(appHarness().app.listJobs(query));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code, details: { field } });
  });
});
