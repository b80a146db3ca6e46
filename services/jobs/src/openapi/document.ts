/**
 * The OpenAPI 3.1 description of the whole HTTP API — the jobs routes and the one restore-tracker
 * adds to the same REST API — built from the contracts' JSON Schemas (see `components.ts`), so it
 * cannot drift from what the handlers validate and answer. Served at `GET /openapi.json` and
 * written to docs/openapi.json by `npm run openapi`.
 */
import { exportObjectsQuerySchema, jobIdSchema, listJobObjectsQuerySchema } from '@s3-bulk-restore/shared';
import { idempotencyKeyHeaderSchema } from '../app/idempotency.js';
import { listJobsQuerySchema } from '../app/queries.js';
import { componentSchemas, documentSchema, ref } from './components.js';
import { ERROR_RESPONSES, errorResponses } from './responses.js';

/** The parts of an OpenAPI document this service writes (the full model is the spec's). */
export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

const JSON_TYPE = 'application/json';

/** The document's `info.version`: the version of the API's contract, not of the code. */
export const API_VERSION = '1.0.0';

/** Query parameters from a query schema: one per property, described by its own schema. */
function queryParameters(schema: { properties: Record<string, object>; required?: readonly string[] }): unknown[] {
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string };
    return { name, in: 'query', required: schema.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: documentSchema(rest) };
  });
}

/** The answer of `GET /openapi.json`: an OpenAPI document (its own schema is the specification's). */
const openApiResponseSchema = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: { openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' }, info: { type: 'object' }, paths: { type: 'object' } },
} as const;

const jobIdParameter = { name: 'id', in: 'path', required: true, description: 'The job id (`BulkJobId`)', schema: documentSchema(jobIdSchema) };

function jsonBody(description: string, schema: unknown): Record<string, unknown> {
  return { description, content: { [JSON_TYPE]: { schema } } };
}

function paths(): Record<string, Record<string, unknown>> {
  return {
    '/create-job': {
      post: {
        operationId: 'createJob',
        summary: 'Create a restore job from a manifest',
        description:
          'Checks the body and the manifest (an S3 Batch Operations CSV: `Bucket,Key[,VersionId]`, keys URL-encoded), creates a gated Batch Operations restore job and answers 202. A retry with the same `Idempotency-Key` header (or `client_token`) and the same body returns the same job.',
        tags: ['jobs'],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'Makes a retried request return the same job', schema: documentSchema(idempotencyKeyHeaderSchema) }],
        requestBody: { required: true, content: { [JSON_TYPE]: { schema: ref('CreateJobRequest') } } },
        responses: {
          '202': {
            ...jsonBody('Accepted: the job exists and is `Preparing`', ref('CreateJobResponse')),
            headers: { Location: { description: 'The job: `/jobs/{BulkJobId}`', schema: { type: 'string' } } },
          },
          ...errorResponses(400, 403, 409, 415, 429, 500, 503),
        },
      },
    },
    '/jobs': {
      get: {
        operationId: 'listJobs',
        summary: 'Jobs, newest first, a page at a time',
        tags: ['jobs'],
        parameters: queryParameters(listJobsQuerySchema),
        responses: { '200': jsonBody('One page of jobs; `NextToken` when there are more', ref('JobList')), ...errorResponses(400, 403, 429, 500) },
      },
    },
    '/jobs/{id}': {
      get: {
        operationId: 'getJob',
        summary: 'One job: status, counts per state, ProgressPercent, FailedBatchFiles',
        tags: ['jobs'],
        parameters: [jobIdParameter],
        responses: { '200': jsonBody('The job', ref('Job')), ...errorResponses(400, 403, 404, 429, 500) },
      },
    },
    '/jobs/{id}/objects': {
      get: {
        operationId: 'listJobObjects',
        summary: "A job's objects, optionally in one state, a page at a time (served by restore-tracker)",
        description: 'Failed objects carry S3\'s (or Batch Operations\') code and message. Follow `NextToken` with the same `state`.',
        tags: ['objects'],
        parameters: [jobIdParameter, ...queryParameters(listJobObjectsQuerySchema)],
        responses: { '200': jsonBody('One page of objects', ref('JobObjectList')), ...errorResponses(400, 403, 404, 429, 500) },
      },
    },
    '/jobs/{id}/export': {
      get: {
        operationId: 'exportJobObjects',
        summary: "A job's readable objects with their restore expiry, as CSV, NDJSON or a Batch Operations manifest, a page at a time (served by restore-tracker)",
        description:
          'Restored objects (with `expires_at`, when their restored copy goes away), then available ones (not archived). Objects whose copy has expired are left out unless `include_expired=true`. ' +
          'A page holds up to `limit` objects or about 4 MB; the next page is asked for with the `x-next-token` response header as `next_token`, with the same `format`. ' +
          '`manifest` rows are `bucket,URL-encoded key[,version id]` with no header: an S3 Batch Operations CSV manifest, ready for a copy job.',
        tags: ['objects'],
        parameters: [jobIdParameter, ...queryParameters(exportObjectsQuerySchema)],
        responses: {
          '200': {
            description: 'One page of the export',
            headers: {
              'x-next-token': { description: 'Present when more pages follow: pass it as `next_token`', schema: { type: 'string' } },
              'x-object-count': { description: 'Objects on this page', schema: { type: 'integer' } },
            },
            content: {
              'text/csv': { schema: { type: 'string' }, example: 'bucket,key,version_id,state,expires_at,expired_at\narchive,photos/a b.jpg,,restored,2030-01-05T00:00:00.000Z,\n' },
              'application/x-ndjson': { schema: { type: 'string' }, example: '{"Bucket":"archive","Key":"photos/a b.jpg","State":"restored","ExpiresAt":"2030-01-05T00:00:00.000Z"}\n' },
            },
          },
          ...errorResponses(400, 403, 404, 429, 500),
        },
      },
    },
    '/jobs/{id}/cancel': {
      post: {
        operationId: 'cancelJob',
        summary: 'Cancel a job: its Batch Operations job is cancelled and `Cancelled` is announced once',
        description: 'Cancels the Batch Operations job, then the job ends `Cancelled`; what was already restored stays counted. A job that already ended is a 409 `JobAlreadyFinished`.',
        tags: ['jobs'],
        parameters: [jobIdParameter],
        responses: {
          '202': {
            ...jsonBody('Accepted: the job as it stands; `Cancelled` follows (one `JobFinished`, one notification)', ref('Job')),
            headers: { Location: { description: 'The job: `/jobs/{id}`', schema: { type: 'string' } } },
          },
          ...errorResponses(400, 403, 404, 409, 429, 500, 503),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        tags: ['meta'],
        responses: { '200': jsonBody('The OpenAPI 3.1 description of the API', openApiResponseSchema), ...errorResponses(403, 429) },
      },
    },
  };
}

/**
 * The document. Every operation needs the API key (`x-api-key`), as API Gateway enforces;
 * `servers` names the deployed form and the local runner's default.
 */
export function openApiDocument(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 's3-bulk-restore',
      version: API_VERSION,
      summary: 'Bulk restore jobs for objects in Amazon S3 archive storage',
      description:
        'One job from a manifest, exact progress, a few progress events and one final event, and the list of what failed and why. Errors are `{"error":{"code","message","field"?,"line"?}}` with a stable `code`; API Gateway itself answers 403 (no or a wrong key) and 429 (throttled) with `{"message"}`. Bus events and notifications: docs/events.md.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'The deployed REST API (the `ServiceEndpoint` output of the jobs stack)',
        variables: { apiId: { default: 'abc123' }, region: { default: 'us-east-1' }, stage: { default: 'dev' } },
      },
      { url: 'http://127.0.0.1:3000', description: 'The local runner (`npx s3-bulk-restore start`)' },
    ],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'jobs', description: 'Restore jobs' },
      { name: 'objects', description: "A job's objects" },
      { name: 'meta', description: 'About the API' },
    ],
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      responses: ERROR_RESPONSES,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The API key of the stage (`s3-bulk-restore-<stage>-key`), or the one the local runner prints' },
      },
    },
  };
}

/** The document as docs/openapi.json holds it: two-space JSON and a final newline. */
export function openApiJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
