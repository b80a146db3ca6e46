/**
 * The read side: one job, and pages of jobs newest first. Inputs are checked here, not only in the
 * HTTP handlers, because the local runner and the CLI call the same use cases.
 */
import { NotFoundError, ValidationError, contract, createJobBodySchema, jobIdSchema, jobListSchema } from '@s3-bulk-restore/shared';
import type { JobList, JobStatus, JobView } from '@s3-bulk-restore/shared';
import type { FromSchema } from 'json-schema-to-ts';
import type { JobsDeps } from './deps.js';
import { toJobView } from './job-record.js';
import type { JobRecord } from './job-record.js';

/** `GET /jobs` query parameters, as the API names them (the limit already a number). */
export const listJobsQuerySchema = {
  $id: 'https://s3-bulk-restore/schemas/http/list-jobs-query.json',
  title: 'ListJobsQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    status: jobListSchema.properties.Jobs.items.properties.Status,
    // The create-job body's own rule, so every tag a job can have can be asked for.
    client_tag: {
      ...createJobBodySchema.properties.client_tag,
      description: 'Only jobs created with this `client_tag` (exact match); combines with `status`',
    },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    next_token: { type: 'string', minLength: 1, maxLength: 2048 },
  },
} as const;

export type ListJobsQuery = FromSchema<typeof listJobsQuerySchema, { keepDefaultedPropertiesOptional: true }>;

const listJobsQuery = contract<ListJobsQuery>('ListJobsQuery', listJobsQuerySchema, 'InvalidRequest', { useDefaults: true });
const jobId = contract<string>('JobId', jobIdSchema, 'InvalidJobId');

/**
 * @throws ValidationError `InvalidJobId` (field `id`); NotFoundError `JobNotFound`
 */
export async function getJob(deps: Pick<JobsDeps, 'store'>, id: unknown): Promise<JobView> {
  return toJobView(await findJob(deps, id));
}

/**
 * The record of the job a request names by id (`GET /jobs/{id}`, `POST /jobs/{id}/cancel`).
 *
 * @throws ValidationError `InvalidJobId` (field `id`); NotFoundError `JobNotFound` (field `id`)
 */
export async function findJob(deps: Pick<JobsDeps, 'store'>, id: unknown): Promise<JobRecord> {
  if (!jobId.is(id)) throw new ValidationError('InvalidJobId', 'The job id must be 1 to 64 letters, digits or hyphens', { field: 'id' });
  const job = await deps.store.get(id);
  if (!job) throw new NotFoundError('JobNotFound', `There is no job ${id}`, { field: 'id', jobId: id });
  return job;
}

/**
 * @throws ValidationError `InvalidRequest` (field `status`, `client_tag`, `limit`…), `InvalidNextToken` (field `next_token`)
 */
export async function listJobs(deps: Pick<JobsDeps, 'store'>, query: unknown = {}): Promise<JobList> {
  const q = listJobsQuery.parse(structuredClone(query ?? {}));
  const page = await deps.store.list({
    status: q.status as JobStatus | undefined,
    ...(q.client_tag === undefined ? {} : { clientTag: q.client_tag }),
    limit: q.limit ?? 20,
    ...(q.next_token === undefined ? {} : { nextToken: q.next_token }),
  });
  const list: JobList = { Jobs: page.jobs.map(toJobView) };
  if (page.nextToken) list.NextToken = page.nextToken;
  return list;
}
