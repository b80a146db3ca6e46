/** `GET /jobs/{id}/export?format=&limit=&include_expired=&next_token=`: a job's readable objects with their expiry, one page. */
import { httpApi, queryParameters } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

/** The body is the page itself (CSV, NDJSON or a manifest); the next page's token is the `x-next-token` header. */
export function createExportObjectsHandler(app: Pick<TrackerApp, 'exportObjects'>) {
  return httpApi({}, async (event) => {
    const page = await app.exportObjects(event.pathParameters?.['id'], queryParameters(event.queryStringParameters, ['limit']));
    return {
      statusCode: 200,
      headers: { 'content-type': page.contentType, 'x-object-count': String(page.objects), ...(page.nextToken ? { 'x-next-token': page.nextToken } : {}) },
      body: page.body,
    };
  });
}

/** The Lambda entry point (`src/handlers/export-objects.handler` in serverless.yml). */
export const handler = lazyHandler(createExportObjectsHandler);
