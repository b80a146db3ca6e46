/** `POST /create-job`: validate the body (the shared schema), create the job, answer 202. */
import { createJobBodySchema, httpApi, json } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createCreateJobHandler(app: Pick<JobsApp, 'createJob'>) {
  return httpApi({ bodySchema: createJobBodySchema }, async (event) => {
    const response = await app.createJob(event.body, { idempotencyKey: event.headers['idempotency-key'] });
    return json(202, response, { location: `/jobs/${response.BulkJobId}` });
  });
}

export const handler = lazyHandler(createCreateJobHandler);
