/**
 * Scheduled: confirm the Batch jobs of jobs whose tracking is ready but which are still
 * unconfirmed (S3 was slower to prepare the Batch job than the tracker to register the manifest).
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import type { JobsApp } from '../app/app.js';
import { lazyHandler, logJson } from './lazy.js';
import type { LogLine } from './lazy.js';

export function createConfirmReadyHandler(app: Pick<JobsApp, 'confirmReadyJobs'>, log: LogLine = logJson) {
  return middy<ScheduledEvent | Record<string, never>, { confirmed: string[]; pending: string[] }>().handler(async () => {
    const result = await app.confirmReadyJobs();
    log({ level: 'INFO', message: 'confirm-ready sweep', ...result });
    return result;
  });
}

export const handler = lazyHandler((app) => createConfirmReadyHandler(app));
