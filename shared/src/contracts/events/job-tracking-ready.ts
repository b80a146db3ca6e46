import type { FromSchema } from 'json-schema-to-ts';
import { countSchema, jobIdSchema, timeSchema } from '../common.js';

/** `JobTrackingReady` (source `s3-bulk-restore.restore-tracker`): every manifest line is registered. */
export const jobTrackingReadySchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobTrackingReady.json',
  title: 'JobTrackingReady',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'totalObjects', 'manifestLines', 'duplicateLines', 'readyAt'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    batchJobId: { type: 'string', minLength: 1 },
    /** Distinct objects registered (duplicate lines counted once). */
    totalObjects: countSchema,
    /** Manifest lines that named an object (blank lines excluded). */
    manifestLines: countSchema,
    duplicateLines: countSchema,
    readyAt: timeSchema,
  },
} as const;

export type JobTrackingReady = FromSchema<typeof jobTrackingReadySchema>;
