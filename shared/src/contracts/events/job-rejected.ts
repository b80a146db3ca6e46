import type { FromSchema } from 'json-schema-to-ts';
import { timeSchema } from '../common.js';
import { errorBodySchema } from '../http/errors.js';

/** What a sender wrote that lets it match a rejection to its command (only what it sent as text). */
const correlationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'source'],
  properties: {
    /** The `id` EventBridge gave the `RestoreJobRequested` event. */
    eventId: { type: 'string', minLength: 1, maxLength: 1024 },
    /** The `source` it was put with. */
    source: { type: 'string', minLength: 1, maxLength: 1024 },
    /** `client_tag` and `client_token` as sent, even when they are what was wrong (up to 1,024 characters). */
    clientTag: { type: 'string', maxLength: 1024 },
    clientToken: { type: 'string', maxLength: 1024 },
  },
} as const;

/**
 * `JobRejected` (source `s3-bulk-restore.jobs`): a `RestoreJobRequested` command was refused and
 * nothing was created. `error` is the object the HTTP 4xx body carries for the same request
 * (`code`, `message`, and `field`, `line` or `issues` when the refusal has them); `request` says
 * which command it answers.
 */
export const jobRejectedSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/JobRejected.json',
  title: 'JobRejected',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'request', 'error', 'rejectedAt'],
  properties: {
    schemaVersion: { const: 1 },
    request: correlationSchema,
    error: errorBodySchema.properties.error,
    rejectedAt: timeSchema,
  },
} as const;

export type JobRejected = FromSchema<typeof jobRejectedSchema>;
