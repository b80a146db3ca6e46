/**
 * The error answers, once each as OpenAPI response components. Ours carry the error body
 * (`ErrorResponse`: a stable `code`, a `message`, and `field`, `line` or `issues` when the problem
 * has a place); API Gateway's own 403 and 429 carry `{"message"}`. Each has an example, checked
 * against its schema by the tests.
 */
import { ref } from './components.js';

const JSON_TYPE = 'application/json';

interface ErrorAnswer {
  name: string;
  description: string;
  schema: string;
  example: unknown;
}

const error = (code: string, message: string, where: Record<string, unknown> = {}) => ({ error: { code, message, ...where, requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' } });

const ANSWERS: Record<number, ErrorAnswer> = {
  400: {
    name: 'BadRequest',
    description: 'The request is not valid: `field` (or the manifest `line`) says where',
    schema: 'ErrorResponse',
    example: error('TierNotSupported', 'tier EXPEDITED is not available: S3 Batch Operations restores only with STANDARD or BULK.', { field: 'tier' }),
  },
  403: { name: 'Forbidden', description: 'API Gateway: no `x-api-key`, or not a key of this API', schema: 'GatewayMessage', example: { message: 'Forbidden' } },
  404: { name: 'NotFound', description: 'There is no such job', schema: 'ErrorResponse', example: error('JobNotFound', 'There is no job 7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10', { field: 'id' }) },
  409: {
    name: 'Conflict',
    description: 'The request conflicts with what exists: an idempotency key used for another request, or a job that already ended',
    schema: 'ErrorResponse',
    example: error('IdempotencyConflict', 'This idempotency key was already used for a different create-job request', { field: 'Idempotency-Key' }),
  },
  415: {
    name: 'UnsupportedMediaType',
    description: 'The body is not `application/json`',
    schema: 'ErrorResponse',
    example: error('UnsupportedMediaType', 'Content-Type must be application/json, got text/plain', { field: 'content-type' }),
  },
  429: { name: 'TooManyRequests', description: "API Gateway: over the usage plan's throttle or daily quota", schema: 'GatewayMessage', example: { message: 'Too Many Requests' } },
  500: {
    name: 'InternalError',
    description: 'Something failed on our side; the request can be retried (details are logged, never returned)',
    schema: 'ErrorResponse',
    example: error('InternalError', 'Something went wrong on our side; the request can be retried.'),
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'S3 or S3 Batch Operations did not answer; the request can be retried',
    schema: 'ErrorResponse',
    example: error('ManifestCheckFailed', 'S3 did not answer about the manifest s3://my-manifests/restores/batch-1.csv (SlowDown); the request can be retried', { field: 'key' }),
  },
};

/** `components.responses`: every error answer by name. */
export const ERROR_RESPONSES: Record<string, unknown> = Object.fromEntries(
  Object.values(ANSWERS).map((a) => [a.name, { description: a.description, content: { [JSON_TYPE]: { schema: ref(a.schema), example: a.example } } }]),
);

/** An operation's error answers, by status, as references to the components. */
export function errorResponses(...statuses: Array<keyof typeof ANSWERS>): Record<string, { $ref: string }> {
  return Object.fromEntries(
    statuses.map((status) => {
      const answer = ANSWERS[status];
      if (!answer) throw new Error(`no error response for ${status}`);
      return [String(status), { $ref: `#/components/responses/${answer.name}` }];
    }),
  );
}
