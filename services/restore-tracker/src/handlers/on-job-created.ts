/** EventBridge → Lambda: `JobCreated` on the bus. Validates the envelope and detail, then registers the manifest. */
import middy from '@middy/core';
import { contracts } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import type { RegisterManifestResult } from '../app/register-manifest.js';
import { lazyHandler } from './lazy.js';

/**
 * The handler for `app`. A malformed event throws a ValidationError naming the field: Lambda's
 * asynchronous retries then send it to the failed-events queue, where it can be looked at.
 */
export function createOnJobCreatedHandler(app: Pick<TrackerApp, 'registerManifest'>) {
  return middy<unknown, RegisterManifestResult>().handler(async (event: unknown) => {
    const envelope = contracts.busEnvelope.parse(event);
    return app.registerManifest(contracts.jobCreated.parse(envelope.detail));
  });
}

/** The Lambda entry point (`src/handlers/on-job-created.handler` in serverless.yml). */
export const handler = lazyHandler(createOnJobCreatedHandler);
