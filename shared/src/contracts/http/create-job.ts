import type { FromSchema } from 'json-schema-to-ts';

/** S3 tag values: letters, numbers, spaces and `_ . : / = + - @` (the client tag becomes a job tag). */
const TAG_VALUE = '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$';

/**
 * `POST /create-job` body. The first five fields are the public sample's, unchanged; `tier`
 * accepts `EXPEDITED` only so the handler can answer with why it is refused.
 */
export const createJobBodySchema = {
  $id: 'https://s3-bulk-restore/schemas/http/create-job.json',
  title: 'CreateJobRequest',
  type: 'object',
  additionalProperties: false,
  required: ['bucket', 'key', 'tier'],
  properties: {
    bucket: { type: 'string', minLength: 3, maxLength: 63, pattern: '^[a-z0-9][a-z0-9.-]*[a-z0-9]$', description: 'Bucket of the manifest (S3 Batch Operations CSV)' },
    key: { type: 'string', minLength: 1, maxLength: 1024, description: 'Key of the manifest' },
    tier: { type: 'string', enum: ['STANDARD', 'BULK', 'EXPEDITED'], description: 'Restore tier; S3 Batch Operations runs STANDARD or BULK' },
    expiration_days: { type: 'integer', minimum: 1, maximum: 3650, description: 'Days the restored copies stay; omit for Intelligent-Tiering objects' },
    client_tag: { type: 'string', minLength: 1, maxLength: 256, pattern: TAG_VALUE, description: 'Tag for cost attribution; becomes a Batch Operations job tag and a notification attribute' },
    progress_step_percent: { type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Notify every this many percent' },
    client_token: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Idempotency token (or the Idempotency-Key header)' },
  },
} as const;

export type CreateJobBody = FromSchema<typeof createJobBodySchema, { keepDefaultedPropertiesOptional: true }>;

/** `202` response: the sample's fields (`SNSTopic`, `BulkJobId`, `BatchOperation`) plus ours. */
export const createJobResponseSchema = {
  $id: 'https://s3-bulk-restore/schemas/http/create-job-response.json',
  title: 'CreateJobResponse',
  type: 'object',
  additionalProperties: false,
  required: ['BulkJobId', 'SNSTopic', 'SQSQueue', 'BatchOperation', 'Status'],
  properties: {
    BulkJobId: { type: 'string' },
    SNSTopic: { type: 'string' },
    SQSQueue: { type: 'string' },
    BatchOperation: {
      type: 'object',
      required: ['JobId'],
      properties: { JobId: { type: 'string' } },
    },
    Status: { type: 'string', enum: ['Preparing', 'Restoring', 'Complete', 'Failed', 'Cancelled', 'Timeout'] },
  },
} as const;

export type CreateJobResponse = FromSchema<typeof createJobResponseSchema>;
