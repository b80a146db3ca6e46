/**
 * Use case: a job's objects by state, a page at a time, failed ones with their reason
 * (`GET /jobs/{id}/objects`). Inputs are checked here, not only in the HTTP handler, because the
 * local runner and the CLI call the same use case.
 */
import { NotFoundError, ValidationError, contract, contracts, jobIdSchema } from '@s3-bulk-restore/shared';
import type { JobObject, JobObjectList } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import type { JobProgress, TrackedObject } from './ports.js';

/** Objects per page when the query names no limit. */
export const DEFAULT_OBJECTS_LIMIT = 100;

const jobId = contract<string>('JobId', jobIdSchema, 'InvalidJobId');

/**
 * One page of the job's objects, in the API's shape.
 *
 * @param query `state`, `limit` (a number: the HTTP handler converts the query string) and `next_token`
 * @throws ValidationError `InvalidJobId` (field `id`), `InvalidRequest` (field `state`, `limit`…),
 *   `InvalidNextToken` (field `next_token`); NotFoundError `JobNotFound` (field `id`)
 * @example
 * await listObjects(deps, 'job-1', { state: 'failed', limit: 2 });
 * // { JobId: 'job-1', Objects: [{ Bucket: 'archive', Key: 'a.bin', State: 'failed', Line: 3,
 * //   Failure: { Code: 'NoSuchKey', Message: 'The specified key does not exist.' } }], NextToken: '…' }
 */
export async function listObjects(deps: Pick<TrackerDeps, 'store'>, id: unknown, query: unknown = {}): Promise<JobObjectList> {
  if (!jobId.is(id)) throw new ValidationError('InvalidJobId', 'The job id must be 1 to 64 letters, digits or hyphens', { field: 'id' });
  // The query is checked before the job is looked up: a bad request is a 400 whether or not the job exists.
  const q = contracts.listJobObjectsQuery.parse(structuredClone(query ?? {}));
  const job = await findJobOrThrow(deps, id);
  const page = await deps.store.listObjects(job.jobId, {
    limit: q.limit ?? DEFAULT_OBJECTS_LIMIT,
    ...(q.state === undefined ? {} : { state: q.state }),
    ...(q.next_token === undefined ? {} : { cursor: q.next_token }),
  });
  return { JobId: job.jobId, ExpiredObjects: job.expired, Objects: page.objects.map(jobObjectOf), ...(page.cursor ? { NextToken: page.cursor } : {}) };
}

/**
 * The job a request's path names, as the tracker knows it.
 *
 * @throws ValidationError `InvalidJobId` (field `id`); NotFoundError `JobNotFound` (field `id`)
 */
export async function findJobOrThrow(deps: Pick<TrackerDeps, 'store'>, id: unknown): Promise<JobProgress> {
  if (!jobId.is(id)) throw new ValidationError('InvalidJobId', 'The job id must be 1 to 64 letters, digits or hyphens', { field: 'id' });
  const job = await deps.store.progress(id);
  if (!job) throw new NotFoundError('JobNotFound', `There is no job ${id}`, { field: 'id', jobId: id });
  return job;
}

/** An object in the API's shape. */
function jobObjectOf(object: TrackedObject): JobObject {
  return {
    Bucket: object.ref.bucket,
    Key: object.ref.key,
    ...(object.ref.versionId ? { VersionId: object.ref.versionId } : {}),
    State: object.state,
    Line: object.line,
    ...(object.state === 'restored' && object.expiresAt ? { ExpiresAt: object.expiresAt } : {}),
    ...(object.state === 'restored' && object.expiredAt ? { ExpiredAt: object.expiredAt } : {}),
    // Only a failed object's failure is its reason: the stores clear it when evidence overrules it.
    ...(object.state === 'failed' && object.failure ? { Failure: { Code: object.failure.code, Message: object.failure.message } } : {}),
  };
}
