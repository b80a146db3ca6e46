/** `GET /jobs?status=&limit=&next_token=`: jobs newest first, one page. */
import { httpApi, json, queryParameters } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createListJobsHandler(app: Pick<JobsApp, 'listJobs'>) {
  return httpApi({}, async (event) => json(200, await app.listJobs(queryParameters(event.queryStringParameters, ['limit']))));
}

export const handler = lazyHandler(createListJobsHandler);
