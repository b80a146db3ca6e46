import type { FromSchema } from 'json-schema-to-ts';

/**
 * What names S3 Batch Operations' status-change events on EventBridge: CloudTrail service events
 * (aws-facts §6.7, UG batch-ops-examples-event-bridge-cloud-trail). S3 puts them on the account's
 * default bus; the restore-tracker forwards them to ours.
 */
export const BATCH_JOB_STATUS_CHANGED = {
  source: 'aws.s3',
  detailType: 'AWS Service Event via CloudTrail',
  eventSource: 's3.amazonaws.com',
  eventName: 'JobStatusChanged',
} as const;

/**
 * A Batch Operations `JobStatusChanged` event as EventBridge delivers it: the envelope, and a
 * CloudTrail record as `detail` whose `serviceEventDetails` says which job and its new status.
 * Only what the tracker relies on is checked (the job id, the status, the failure lists when
 * present); every other field — and any field AWS adds — is allowed. Statuses are not an enum:
 * S3 may add some, and the tracker acts on `Complete`, `Failed` and `Cancelled` only.
 *
 * @example
 * ```json
 * { "source": "aws.s3", "detail-type": "AWS Service Event via CloudTrail", "time": "2030-01-01T10:00:00Z",
 *   "detail": { "eventSource": "s3.amazonaws.com", "eventName": "JobStatusChanged", "eventType": "AwsServiceEvent",
 *     "serviceEventDetails": { "jobId": "0f6c…", "jobArn": "arn:aws:s3:us-east-1:111122223333:job/0f6c…",
 *       "status": "Failed", "jobEventId": "…", "failureCodes": ["TaskFailureThresholdExceeded"], "statusChangeReason": [] } } }
 * ```
 */
export const batchJobStatusChangedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/BatchJobStatusChanged.json',
  title: 'BatchJobStatusChangedEvent',
  type: 'object',
  required: ['detail-type', 'source', 'detail'],
  properties: {
    version: { type: 'string' },
    id: { type: 'string' },
    'detail-type': { const: BATCH_JOB_STATUS_CHANGED.detailType },
    source: { const: BATCH_JOB_STATUS_CHANGED.source },
    account: { type: 'string' },
    time: { type: 'string' },
    region: { type: 'string' },
    resources: { type: 'array', items: { type: 'string' } },
    detail: {
      type: 'object',
      required: ['eventSource', 'eventName', 'serviceEventDetails'],
      properties: {
        eventSource: { const: BATCH_JOB_STATUS_CHANGED.eventSource },
        eventName: { const: BATCH_JOB_STATUS_CHANGED.eventName },
        eventTime: { type: 'string' },
        eventID: { type: 'string' },
        serviceEventDetails: {
          type: 'object',
          required: ['jobId', 'status'],
          properties: {
            // S3 Control job ids: 5 to 36 characters of [a-zA-Z0-9-_] (aws-facts §6.2).
            jobId: { type: 'string', minLength: 5, maxLength: 36, pattern: '^[a-zA-Z0-9\\-_]+$' },
            jobArn: { type: 'string' },
            status: { type: 'string', minLength: 1 },
            jobEventId: { type: 'string' },
            failureCodes: { type: 'array', items: { type: 'string' } },
            statusChangeReason: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

export type BatchJobStatusChangedEvent = FromSchema<typeof batchJobStatusChangedSchema>;
