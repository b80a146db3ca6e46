/** EventBridge target for `JobTrackingReady`, `JobProgressed` and `JobFinished`: the read model. */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import type { JobsApp } from '../app/app.js';
import type { TrackerEventOutcome } from '../app/tracker-events.js';
import { lazyHandler, logJson } from './lazy.js';
import type { LogLine } from './lazy.js';

export function createOnTrackerEventHandler(app: Pick<JobsApp, 'onTrackerEvent'>, log: LogLine = logJson) {
  return middy<EventBridgeEvent<string, unknown>, TrackerEventOutcome>().handler(async (event) => {
    const outcome = await app.onTrackerEvent(event);
    log({ level: 'INFO', message: 'tracker event handled', eventId: event.id, ...outcome });
    return outcome;
  });
}

export const handler = lazyHandler((app) => createOnTrackerEventHandler(app));
