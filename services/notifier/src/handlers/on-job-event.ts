/**
 * Lambda target of the notifier's rule on the custom bus (`JobCreated`, `JobProgressed`,
 * `JobFinished`). EventBridge invokes it asynchronously with the whole envelope
 * `{version, id, 'detail-type', source, account, time, region, resources, detail}`.
 *
 * An error thrown here (invalid event, settings not yet known, a claim held elsewhere, SNS/SQS
 * down) fails the invocation, so Lambda retries it and finally sends it to the failed-events DLQ
 * (serverless.yml `destinations.onFailure`); claims make the retries safe.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { DETAIL_TYPES, ValidationError, contracts } from '@s3-bulk-restore/shared';
import type { JobEvent, JobEventOutcome } from '../app/on-job-event.js';
import { compose } from '../compose.js';
import type { NotifierApp } from '../compose.js';
import { readConfig } from '../config.js';

/** Validate the envelope, then its detail against the contract of its detail-type. */
export function parseJobEvent(envelope: unknown): JobEvent {
  const { 'detail-type': detailType, detail } = contracts.busEnvelope.parse(envelope);
  switch (detailType) {
    case DETAIL_TYPES.jobCreated:
      return { detailType, detail: contracts.jobCreated.parse(detail) };
    case DETAIL_TYPES.jobProgressed:
      return { detailType, detail: contracts.jobProgressed.parse(detail) };
    case DETAIL_TYPES.jobFinished:
      return { detailType, detail: contracts.jobFinished.parse(detail) };
    default:
      throw new ValidationError('UnsupportedEvent', `The notifier does not handle detail-type ${JSON.stringify(detailType)}`, { field: 'detail-type' });
  }
}

/**
 * The handler over ready-made dependencies (tests and the local runner call this).
 *
 * @example const handle = createOnJobEventHandler(compose(config)); await handle(envelope, context);
 */
export function createOnJobEventHandler(app: NotifierApp) {
  return middy<unknown, JobEventOutcome>().handler((event: unknown) => app.onJobEvent(parseJobEvent(event)));
}

let composed: ReturnType<typeof createOnJobEventHandler> | undefined;

/** The deployed handler: composes from the environment on the first invocation. */
export const handler = async (event: unknown, context: Context): Promise<JobEventOutcome> => {
  composed ??= createOnJobEventHandler(compose(readConfig(process.env)));
  return composed(event, context);
};
