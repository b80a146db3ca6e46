import type { FromSchema } from 'json-schema-to-ts';
import { countSchema, jobIdSchema, manifestLocationProperties } from '../common.js';

/**
 * `ManifestRangeRequested` (source `s3-bulk-restore.restore-tracker`, internal to the tracker):
 * register the lines of one byte range of a big manifest. The range starts on a line boundary and
 * knows that line's number in the whole file; `index` of `count` says which range it is.
 */
export const manifestRangeRequestedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/ManifestRangeRequested.json',
  title: 'ManifestRangeRequested',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'jobId', 'batchJobId', 'manifest', 'range'],
  properties: {
    schemaVersion: { const: 1 },
    jobId: jobIdSchema,
    batchJobId: { type: 'string', minLength: 1 },
    manifest: {
      type: 'object',
      additionalProperties: false,
      required: ['bucket', 'key', 'etag'],
      properties: manifestLocationProperties,
    },
    range: {
      type: 'object',
      additionalProperties: false,
      required: ['index', 'count', 'start', 'end', 'firstLine'],
      properties: {
        index: countSchema,
        count: { type: 'integer', minimum: 1 },
        /** First byte (a line start), inclusive. */
        start: countSchema,
        /** Where the next range starts (exclusive); the manifest's size for the last. */
        end: countSchema,
        firstLine: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;

export type ManifestRangeRequested = FromSchema<typeof manifestRangeRequestedSchema>;
