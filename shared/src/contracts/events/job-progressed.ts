import type { FromSchema } from 'json-schema-to-ts';
import { countSchema, objectBytesSchema, jobIdSchema, objectCountsSchema, timeSchema } from '../common.js';

/**
 * `JobProgressed` (source `s3-bulk-restore.restore-tracker`): a batch of events moved the job's
 * counters. At most one per job per batch; counts are exact at `at`.
 */
export const jobProgressedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobProgressed.json',
  title: 'JobProgressed',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'status', 'totalObjects', 'counts', 'progressPercent', 'at'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    batchJobId: { type: 'string', minLength: 1 },
    status: { type: 'string', enum: ['Preparing', 'Restoring'] },
    totalObjects: countSchema,
    counts: objectCountsSchema,
    bytes: objectBytesSchema,
    progressPercent: { type: 'integer', minimum: 0, maximum: 99 },
    at: timeSchema,
  },
} as const;

export type JobProgressed = FromSchema<typeof jobProgressedSchema>;
