/** `GET /jobs?status=&limit=&next_token=`: jobs newest first, one page. */
import { httpApi, json } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createListJobsHandler(app: Pick<JobsApp, 'listJobs'>) {
  return httpApi({}, async (event) => json(200, await app.listJobs(queryOf(event.queryStringParameters))));
}

/** Query strings are text: a limit that is an integer becomes a number, anything else stays text for the schema to refuse. */
function queryOf(params: Record<string, string | undefined> | null): Record<string, unknown> {
  const query: Record<string, unknown> = { ...(params ?? {}) };
  const limit = query['limit'];
  if (typeof limit === 'string' && /^-?\d{1,9}$/.test(limit)) query['limit'] = Number(limit);
  return query;
}

export const handler = lazyHandler(createListJobsHandler);
