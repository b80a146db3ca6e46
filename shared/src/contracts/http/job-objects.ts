import type { FromSchema } from 'json-schema-to-ts';
import { OBJECT_STATES } from '../../domain/object-state.js';
import { timeSchema } from '../common.js';

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
    /**
     * The manifest line that registered the object. When several lines named it: the first, for
     * a manifest read whole; for one registered in parallel ranges, the line whose range got there first.
     */
    Line: { type: 'integer', minimum: 1 },
    /** On restored objects: when the restored copy expires (S3's restore expiry). */
    ExpiresAt: timeSchema,
    /** On restored objects whose copy S3 said has expired (`Object Restore Expired`). */
    ExpiredAt: timeSchema,
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
    /** Objects of the job whose restored copy has expired since (each counted once). */
    ExpiredObjects: { type: 'integer', minimum: 0 },
    Objects: { type: 'array', items: jobObjectSchema },
    /** Absent on the last page. */
    NextToken: { type: 'string' },
  },
} as const;

export type JobObjectList = FromSchema<typeof jobObjectListSchema>;

/** Export formats: `manifest` is an S3 Batch Operations CSV manifest (ready for a copy job). */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'manifest'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `GET /jobs/{id}/export` query parameters (the limit already a number). */
export const exportObjectsQuerySchema = {
  $id: 'https://s3-bulk-restore/schemas/http/export-objects-query.json',
  title: 'ExportObjectsQuery',
  type: 'object',
  additionalProperties: false,
  properties: {
    format: { type: 'string', enum: EXPORT_FORMATS, default: 'csv', description: 'csv (with a header), ndjson, or manifest (S3 Batch Operations CSV: bucket,URL-encoded key[,version id])' },
    limit: { type: 'integer', minimum: 1, maximum: 10000, default: 10000, description: 'Objects per page (a page also stops at about 4 MB)' },
    include_expired: { type: 'string', enum: ['true', 'false'], default: 'false', description: 'Also list objects whose restored copy has expired' },
    next_token: { type: 'string', minLength: 1, maxLength: 4096, description: 'The x-next-token header of the previous page' },
  },
} as const;

export type ExportObjectsQuery = FromSchema<typeof exportObjectsQuerySchema, { keepDefaultedPropertiesOptional: true }>;
