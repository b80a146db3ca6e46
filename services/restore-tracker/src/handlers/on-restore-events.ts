/**
 * SQS (event source mapping, ReportBatchItemFailures) → Lambda: a batch of S3 restore events.
 * The use case reports which messages failed; middy's partial batch middleware turns that into
 * `{ batchItemFailures }`, and a thrown error fails the whole batch.
 */
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { TrackerApp } from '../app/app.js';
import { lazyHandler } from './lazy.js';

/** The handler for `app`; returns `{ batchItemFailures }`. */
export function createOnRestoreEventsHandler(app: Pick<TrackerApp, 'recordRestoreEvents'>) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(sqsPartialBatchFailure({ logger: () => undefined }) as middy.MiddlewareObj<SQSEvent, SQSBatchResponse>)
    .handler(async (event: SQSEvent) => {
      const records = event.Records ?? [];
      const result = await app.recordRestoreEvents(records.map((r) => ({ messageId: r.messageId, body: r.body })));
      const failed = new Set(result.failedMessageIds);
      // One settled result per record, in order: the shape the middleware maps to batchItemFailures.
      const settled = records.map((r): PromiseSettledResult<void> =>
        failed.has(r.messageId) ? { status: 'rejected', reason: new Error(`message ${r.messageId} failed`) } : { status: 'fulfilled', value: undefined },
      );
      return settled as unknown as SQSBatchResponse;
    });
}

/** The Lambda entry point (`src/handlers/on-restore-events.handler` in serverless.yml). */
export const handler = lazyHandler(createOnRestoreEventsHandler);
