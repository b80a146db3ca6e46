import type { FromSchema } from 'json-schema-to-ts';
import { createJobBodySchema } from '../http/create-job.js';

/**
 * `RestoreJobRequested`: another system asks for a job by putting this event on our bus, with a
 * `source` of its own (never `s3-bulk-restore.*`). The detail is the `POST /create-job` body,
 * field for field (the properties are that schema's, not a copy), so a command is checked exactly
 * as the HTTP request is; `schemaVersion` may be added. Idempotency: `client_token` when given,
 * else the EventBridge event's `id` (so a redelivered event makes one job).
 */
export const restoreJobRequestedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/RestoreJobRequested.json',
  title: 'RestoreJobRequested',
  type: 'object',
  additionalProperties: false,
  required: createJobBodySchema.required,
  properties: {
    schemaVersion: { const: 1 },
    ...createJobBodySchema.properties,
  },
} as const;

export type RestoreJobRequested = FromSchema<typeof restoreJobRequestedSchema, { keepDefaultedPropertiesOptional: true }>;
