/** `GET /jobs/{id}`: the read model of one job. */
import { httpApi, json } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createGetJobHandler(app: Pick<JobsApp, 'getJob'>) {
  return httpApi({}, async (event) => json(200, await app.getJob(event.pathParameters?.['id'])));
}

export const handler = lazyHandler(createGetJobHandler);
