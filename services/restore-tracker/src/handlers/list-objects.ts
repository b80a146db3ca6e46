/** `GET /jobs/{id}/objects?state=&limit=&next_token=`: a job's objects by state, one page, failed ones with their reason. */
import { httpApi, json, queryParameters } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createListObjectsHandler(app: Pick<TrackerApp, 'listObjects'>) {
  return httpApi({}, async (event) => json(200, await app.listObjects(event.pathParameters?.['id'], queryParameters(event.queryStringParameters, ['limit']))));
}

/** The Lambda entry point (`src/handlers/list-objects.handler` in serverless.yml). */
export const handler = lazyHandler(createListObjectsHandler);
