/** `POST /jobs/{id}/cancel`: cancel the job; 202 with the job as it stands (the `Cancelled` follows on the bus). */
import { httpApi, json } from '@s3-bulk-restore/shared';
import type { JobsApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

export function createCancelJobHandler(app: Pick<JobsApp, 'cancelJob'>) {
  return httpApi({}, async (event) => {
    const view = await app.cancelJob(event.pathParameters?.['id']);
    return json(202, view, { location: `/jobs/${view.JobId}` });
  });
}

export const handler = lazyHandler(createCancelJobHandler);
