/** Schedule (EventBridge rate) → Lambda: the reconciliation sweep. The event carries nothing we need. */
import middy from '@middy/core';
import type { TrackerApp } from '../app/app.js';
import type { SweepResult } from '../app/sweep.js';
import { lazyHandler } from './lazy.js';

/** The handler for `app`; returns what the sweep did (for the logs). */
export function createSweepRestoresHandler(app: Pick<TrackerApp, 'sweep'>) {
  return middy<unknown, SweepResult>().handler(() => app.sweep());
}

/** The Lambda entry point (`src/handlers/sweep-restores.handler` in serverless.yml). */
export const handler = lazyHandler(createSweepRestoresHandler);
