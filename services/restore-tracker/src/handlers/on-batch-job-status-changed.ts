/**
 * EventBridge → Lambda: S3 Batch Operations' `JobStatusChanged` (a CloudTrail service event,
 * forwarded from the default bus to ours). Validates the event, then applies the Batch job's status.
 */
import middy from '@middy/core';
import { contracts } from '@s3-bulk-restore/shared';
import type { TrackerApp } from '../app/app.js';
import type { BatchStatusEventResult } from '../app/batch-job-status-changed.js';
import { lazyHandler } from './lazy.js';

/**
 * The handler for `app`. A malformed event, or a Batch job DescribeJob does not yet show ended,
 * throws: Lambda's asynchronous retries try again, then the failed-events queue keeps it (and the
 * `pollBatchJobs` schedule applies the status anyway).
 */
export function createOnBatchJobStatusChangedHandler(app: Pick<TrackerApp, 'batchJobStatusChanged'>) {
  return middy<unknown, BatchStatusEventResult>().handler(async (event: unknown) => {
    const parsed = contracts.batchJobStatusChanged.parse(event);
    const details = parsed.detail.serviceEventDetails;
    return app.batchJobStatusChanged({
      batchJobId: details.jobId,
      status: details.status,
      failureCodes: details.failureCodes ?? [],
      statusChangeReason: details.statusChangeReason ?? [],
      ...(parsed.time ? { at: parsed.time } : {}),
    });
  });
}

/** The Lambda entry point (`src/handlers/on-batch-job-status-changed.handler` in serverless.yml). */
export const handler = lazyHandler(createOnBatchJobStatusChangedHandler);
