import type { FromSchema } from 'json-schema-to-ts';
import { countSchema, failureSchema, objectBytesSchema, objectCountsSchema, timeSchema } from '../common.js';

/** `GET /jobs/{id}`: the read model of one job. */
export const jobViewSchema = {
  $id: 'https://s3-bulk-restore/schemas/http/job.json',
  title: 'Job',
  type: 'object',
  additionalProperties: false,
  required: ['JobId', 'BatchJobId', 'Status', 'ProgressPercent', 'FailedBatchFiles', 'TotalObjects', 'Counts', 'CreatedAt', 'UpdatedAt', 'Manifest', 'Tier'],
  properties: {
    JobId: { type: 'string' },
    BatchJobId: { type: 'string' },
    Status: { type: 'string', enum: ['Preparing', 'Restoring', 'Complete', 'Failed', 'Cancelled', 'Timeout'] },
    ProgressPercent: { type: 'integer', minimum: 0, maximum: 100 },
    FailedBatchFiles: countSchema,
    TotalObjects: { type: ['integer', 'null'], minimum: 0 },
    Counts: objectCountsSchema,
    /** Bytes per state, of the objects whose size S3 reported (restore events, the sweep). */
    Bytes: objectBytesSchema,
    ClientTag: { type: 'string' },
    Tier: { type: 'string' },
    ExpirationDays: { type: 'integer' },
    Manifest: {
      type: 'object',
      additionalProperties: false,
      required: ['Bucket', 'Key', 'ETag'],
      properties: { Bucket: { type: 'string' }, Key: { type: 'string' }, ETag: { type: 'string' } },
    },
    Failures: { type: 'array', items: failureSchema },
    CreatedAt: timeSchema,
    UpdatedAt: timeSchema,
    TrackingReadyAt: timeSchema,
    FinishedAt: timeSchema,
    EstimatedCompletionAt: {
      ...timeSchema,
      description:
        'When the job is expected to be done: an estimate, not a promise, and absent once the job has ended. Before any object has settled it is the end of AWS\'s typical restore window for the tier over every archive class (BULK 48 h, STANDARD 12 h: Deep Archive\'s), counted from when restores started (the Batch job\'s confirmation, else the job\'s creation). Once objects settle, it extrapolates the pace seen so far: the remaining objects at the rate the settled ones took since restores started. With every object settled it is the job\'s last update. Never earlier than the job\'s last update (`UpdatedAt`): computed from the job\'s record, not the clock, so it moves only when the job does.',
    },
  },
} as const;

export type JobView = FromSchema<typeof jobViewSchema>;

/** `GET /jobs`: newest first, one page. */
export const jobListSchema = {
  $id: 'https://s3-bulk-restore/schemas/http/job-list.json',
  title: 'JobList',
  type: 'object',
  additionalProperties: false,
  required: ['Jobs'],
  properties: {
    Jobs: { type: 'array', items: jobViewSchema },
    NextToken: { type: 'string' },
  },
} as const;

export type JobList = FromSchema<typeof jobListSchema>;
