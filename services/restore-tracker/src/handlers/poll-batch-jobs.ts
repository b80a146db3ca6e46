/** Schedule (EventBridge rate) → Lambda: poll the Batch jobs of active jobs. The event carries nothing we need. */
import middy from '@middy/core';
import type { TrackerApp } from '../app/app.js';
import type { PollResult } from '../app/poll-batch-jobs.js';
import { lazyHandler } from './lazy.js';

/** The handler for `app`; returns what the poll did (for the logs). */
export function createPollBatchJobsHandler(app: Pick<TrackerApp, 'pollBatchJobs'>) {
  return middy<unknown, PollResult>().handler(() => app.pollBatchJobs());
}

/** The Lambda entry point (`src/handlers/poll-batch-jobs.handler` in serverless.yml). */
export const handler = lazyHandler(createPollBatchJobsHandler);
