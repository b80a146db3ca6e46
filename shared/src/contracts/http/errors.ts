import type { FromSchema } from 'json-schema-to-ts';

/** Every 4xx/5xx body: a stable code, a message, and where the problem is. */
export const errorBodySchema = {
  $id: 'https://s3-bulk-restore/schemas/http/error.json',
  title: 'ErrorResponse',
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        line: { type: 'integer' },
        issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
        requestId: { type: 'string' },
      },
    },
  },
} as const;

export type ErrorBody = FromSchema<typeof errorBodySchema>;
