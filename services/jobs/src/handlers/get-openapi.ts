/** `GET /openapi.json`: the OpenAPI 3.1 description of the whole HTTP API (behind the API key, like every route). */
import { httpApi, json } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createGetOpenApiHandler(app: Pick<JobsApp, 'openApiDocument'>) {
  return httpApi({}, async () => json(200, app.openApiDocument()));
}

export const handler = lazyHandler(createGetOpenApiHandler);
