import type { FromSchema } from 'json-schema-to-ts';
import { jobIdSchema, timeSchema } from '../common.js';

/**
 * `JobCancelRequested` (source `s3-bulk-restore.jobs`): someone asked to stop a job
 * (`POST /jobs/{id}/cancel`) and its Batch Operations job was told to cancel. The restore-tracker
 * owns terminal states: it ends the job `Cancelled` (one `JobFinished`, whatever the number of
 * requests), keeping the counts as they are. A job already finished stays as it ended.
 */
export const jobCancelRequestedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobCancelRequested.json',
  title: 'JobCancelRequested',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'requestedAt'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    /** The job's Batch Operations job: a request naming another one is not about this job. */
    batchJobId: { type: 'string', minLength: 1 },
    requestedAt: timeSchema,
  },
} as const;

export type JobCancelRequested = FromSchema<typeof jobCancelRequestedSchema>;
