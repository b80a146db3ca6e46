import type { FromSchema } from 'json-schema-to-ts';
import { jobIdSchema, manifestLocationProperties, timeSchema } from '../common.js';

/** `JobCreated` (source `s3-bulk-restore.jobs`): a job exists and its Batch job waits, unconfirmed. */
export const jobCreatedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobCreated.json',
  title: 'JobCreated',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'createdAt', 'manifest', 'tier', 'progressStepPercent'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    batchJobId: { type: 'string', minLength: 1 },
    createdAt: timeSchema,
    manifest: {
      type: 'object',
      additionalProperties: false,
      required: ['bucket', 'key', 'etag'],
      properties: { ...manifestLocationProperties, size: { type: 'integer', minimum: 0 } },
    },
    tier: { type: 'string', enum: ['STANDARD', 'BULK'] },
    expirationDays: { type: 'integer', minimum: 1 },
    clientTag: { type: 'string' },
    progressStepPercent: { type: 'integer', minimum: 1, maximum: 100 },
  },
} as const;

export type JobCreated = FromSchema<typeof jobCreatedSchema>;
