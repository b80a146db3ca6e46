/** EventBridge → Lambda: `JobCancelRequested` on the bus. Validates the envelope and detail, then ends the job `Cancelled`. */
import middy from '@middy/core';
import { contracts } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import type { CancelOutcome } from '../app/cancel-job.js';
import { lazyHandler } from './lazy.js';

/**
 * The handler for `app`. A malformed event, or one about a job the tracker does not know yet,
 * throws: Lambda's asynchronous retries try again, then the failed-events queue keeps it.
 */
export function createOnCancelRequestedHandler(app: Pick<TrackerApp, 'cancelRequested'>) {
  return middy<unknown, { outcome: CancelOutcome }>().handler(async (event: unknown) => {
    const envelope = contracts.busEnvelope.parse(event);
    return { outcome: await app.cancelRequested(contracts.jobCancelRequested.parse(envelope.detail)) };
  });
}

/** The Lambda entry point (`src/handlers/on-cancel-requested.handler` in serverless.yml). */
export const handler = lazyHandler(createOnCancelRequestedHandler);
