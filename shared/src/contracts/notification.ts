import type { FromSchema } from 'json-schema-to-ts';

/**
 * The message the notifier publishes to SNS and sends to SQS. The public sample's fields keep
 * their names and string values (`JobId`, `BatchJobId`, `Status`, `ProgressPercent`,
 * `FailedBatchFiles`); the new fields sit beside them. `EventId` is stable per notification, for
 * consumers to drop a redelivered copy.
 */
export const notificationSchema = {
  $id: 'https://s3-bulk-restore/schemas/notification.json',
  title: 'Notification',
  type: 'object',
  additionalProperties: false,
  required: [
    'JobId', 'BatchJobId', 'Status', 'ProgressPercent', 'FailedBatchFiles',
    'EventId', 'EventType', 'EventTime', 'TotalObjects', 'RestoredObjects', 'AvailableObjects', 'FailedObjects', 'PendingObjects',
  ],
  properties: {
    JobId: { type: 'string' },
    BatchJobId: { type: 'string' },
    Status: { type: 'string', enum: ['Restoring', 'Complete', 'Failed', 'Cancelled', 'Timeout'] },
    ProgressPercent: { type: 'string', pattern: '^(100|[1-9]?[0-9])$' },
    FailedBatchFiles: { type: 'string', pattern: '^[0-9]+$' },
    EventId: { type: 'string' },
    EventType: { type: 'string', enum: ['Progress', 'Finished'] },
    EventTime: { type: 'string', format: 'date-time' },
    ClientTag: { type: 'string' },
    TotalObjects: { type: 'integer', minimum: 0 },
    RestoredObjects: { type: 'integer', minimum: 0 },
    AvailableObjects: { type: 'integer', minimum: 0 },
    FailedObjects: { type: 'integer', minimum: 0 },
    PendingObjects: { type: 'integer', minimum: 0 },
    Threshold: { type: 'integer', minimum: 1, maximum: 99 },
    Reason: { type: 'string' },
  },
} as const;

export type Notification = FromSchema<typeof notificationSchema>;

/** SNS message attributes, for subscription filter policies. */
export const NOTIFICATION_ATTRIBUTES = ['JobId', 'Status', 'ClientTag', 'EventType'] as const;
