/**
 * EventBridge target for `RestoreJobRequested`, the command other systems put on our bus: the
 * create-job use case, or a `JobRejected` on the bus with the reason. A dependency failure is
 * thrown, so Lambda retries the event (then the DLQ); the command's idempotency key makes a retry
 * or a redelivery land on the same job.
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { JobsApp } from '../app/app.js';
import type { RestoreJobRequestOutcome } from '../app/restore-job-requested.js';
import { lazyHandler, logJson } from './lazy.js';
import type { LogLine } from './lazy.js';

export function createOnRestoreJobRequestedHandler(app: Pick<JobsApp, 'onRestoreJobRequested'>, log: LogLine = logJson) {
  return middy<EventBridgeEvent<string, unknown>, RestoreJobRequestOutcome>().handler(async (event) => {
    const outcome = await app.onRestoreJobRequested({ eventId: event.id, source: event.source, detail: event.detail });
    log({ level: 'INFO', message: 'RestoreJobRequested handled', eventId: event.id, source: event.source, ...outcome });
    return outcome;
  });
}

export const handler = lazyHandler((app) => createOnRestoreJobRequestedHandler(app));
