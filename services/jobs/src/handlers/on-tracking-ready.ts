/**
 * EventBridge target for `JobTrackingReady`: confirm the Batch job. A `BatchJobNotReady` error
 * (S3 still prepares the job) is thrown so Lambda retries; `confirm-ready` is the safety net.
 */
import middy from '@middy/core';
import { contracts } from '@s3-bulk-restore/shared';
import type { EventBridgeEvent } from 'aws-lambda';
import type { JobsApp } from '../app/app.js';
import type { ConfirmOutcome } from '../app/tracker-events.js';
import { lazyHandler, logJson } from './lazy.js';
import type { LogLine } from './lazy.js';

export function createOnTrackingReadyHandler(app: Pick<JobsApp, 'onTrackingReady'>, log: LogLine = logJson) {
  return middy<EventBridgeEvent<string, unknown>, { outcome: ConfirmOutcome; jobId: string }>().handler(async (event) => {
    const result = await app.onTrackingReady(contracts.jobTrackingReady.parse(event.detail));
    log({ level: 'INFO', message: 'JobTrackingReady handled', eventId: event.id, ...result });
    return result;
  });
}

export const handler = lazyHandler((app) => createOnTrackingReadyHandler(app));
