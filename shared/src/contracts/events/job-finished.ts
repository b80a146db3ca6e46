import type { FromSchema } from 'json-schema-to-ts';
import { countSchema, objectBytesSchema, failureSchema, jobIdSchema, objectCountsSchema, timeSchema } from '../common.js';

/**
 * `JobFinished` (source `s3-bulk-restore.restore-tracker`): exactly one per job, with its
 * terminal status. `failures` holds job-level reasons (bad manifest lines, a failed Batch job).
 */
export const jobFinishedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobFinished.json',
  title: 'JobFinished',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'status', 'totalObjects', 'counts', 'progressPercent', 'at'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    batchJobId: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['Complete', 'Failed', 'Cancelled', 'Timeout'] },
    totalObjects: countSchema,
    counts: objectCountsSchema,
    bytes: objectBytesSchema,
    progressPercent: { type: 'integer', minimum: 0, maximum: 100 },
    reason: { type: 'string', maxLength: 1024 },
    failures: { type: 'array', maxItems: 100, items: failureSchema },
    at: timeSchema,
  },
} as const;

export type JobFinished = FromSchema<typeof jobFinishedSchema>;
