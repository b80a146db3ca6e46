import type { FromSchema } from 'json-schema-to-ts';
import { OBJECT_STATES } from '../../domain/object-state.js';

/**
 * `GET /jobs/{id}/objects` query parameters, as the API names them (the limit already a number:
 * query strings are text, the handler turns an integer-looking `limit` into one).
 */
export const listJobObjectsQuerySchema = {
  $id: 'https://s3-bulk-restore/schemas/http/list-job-objects-query.json',
  title: 'ListJobObjectsQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: OBJECT_STATES, description: 'Only objects in this state' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Objects per page' },
    next_token: { type: 'string', minLength: 1, maxLength: 4096, description: 'NextToken of the previous page' },
  },
} as const;

export type ListJobObjectsQuery = FromSchema<typeof listJobObjectsQuerySchema, { keepDefaultedPropertiesOptional: true }>;

/** One object of a job: as its manifest line named it, where it stands, and why it failed. */
export const jobObjectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['Bucket', 'Key', 'State', 'Line'],
  properties: {
    Bucket: { type: 'string' },
    /** The object key as stored in S3 (decoded from the manifest's URL encoding). */
    Key: { type: 'string' },
    /** Present when the manifest named a version; without it the object stands for any version. */
    VersionId: { type: 'string' },
    State: { type: 'string', enum: OBJECT_STATES },
    /** The manifest line that registered the object (the first, when several lines named it). */
    Line: { type: 'integer', minimum: 1 },
    /** Only on `failed` objects: S3's or Batch Operations' code and message. */
    Failure: {
      type: 'object',
      additionalProperties: false,
      required: ['Code', 'Message'],
      properties: { Code: { type: 'string' }, Message: { type: 'string' } },
    },
  },
} as const;

export type JobObject = FromSchema<typeof jobObjectSchema>;

/** `GET /jobs/{id}/objects`: one page of a job's objects, by state. */
export const jobObjectListSchema = {
  $id: 'https://s3-bulk-restore/schemas/http/job-object-list.json',
  title: 'JobObjectList',
  type: 'object',
  additionalProperties: false,
  required: ['JobId', 'Objects'],
  properties: {
    JobId: { type: 'string' },
    Objects: { type: 'array', items: jobObjectSchema },
    /** Absent on the last page. */
    NextToken: { type: 'string' },
  },
} as const;

export type JobObjectList = FromSchema<typeof jobObjectListSchema>;
