/** EventBridge → Lambda: `ManifestRangeRequested` on the bus (the tracker's own fan-out). Registers one range of a big manifest. */
import middy from '@middy/core';
import { contracts } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import type { RegisterManifestResult } from '../app/register-manifest.js';
import { lazyHandler } from './lazy.js';

/**
 * The handler for `app`. A malformed event throws a ValidationError naming the field; a failure
 * to read or write throws too: Lambda's asynchronous retries run the range again (registration
 * is retry-safe), then the failed-events queue keeps it.
 */
export function createOnManifestRangeHandler(app: Pick<TrackerApp, 'registerManifestRange'>) {
  return middy<unknown, RegisterManifestResult>().handler(async (event: unknown) => {
    const envelope = contracts.busEnvelope.parse(event);
    return app.registerManifestRange(contracts.manifestRangeRequested.parse(envelope.detail));
  });
}

/** The Lambda entry point (`src/handlers/on-manifest-range.handler` in serverless.yml). */
export const handler = lazyHandler(createOnManifestRangeHandler);
