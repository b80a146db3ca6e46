/**
 * Idempotency of `POST /create-job`: the key (the `Idempotency-Key` header or the body's
 * `client_token`), the fingerprint of the request it protects, and the ids derived from the key
 * so that a retried request lands on the same job and the same Batch Operations job.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '@s3-bulk-restore/shared';
import type { CreateJobBody } from '@s3-bulk-restore/shared';

/** The `Idempotency-Key` header: visible ASCII, 1..255 characters (what HTTP header values carry without encoding trouble). */
export const idempotencyKeyHeaderSchema = { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' } as const;

const HEADER_KEY = new RegExp(idempotencyKeyHeaderSchema.pattern);

/**
 * The idempotency key of a request, if any.
 *
 * @throws {@link ValidationError} `InvalidIdempotencyKey` (field `Idempotency-Key`) for a header
 *   that is empty, too long or not visible ASCII; `IdempotencyKeyMismatch` (field `client_token`)
 *   when the header and the body's `client_token` are both given and differ
 */
export function resolveIdempotencyKey(header: string | undefined, clientToken: string | undefined): string | undefined {
  if (header !== undefined && !HEADER_KEY.test(header)) {
    throw new ValidationError('InvalidIdempotencyKey', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters', { field: 'Idempotency-Key' });
  }
  if (header !== undefined && clientToken !== undefined && header !== clientToken) {
    throw new ValidationError('IdempotencyKeyMismatch', 'The Idempotency-Key header and client_token differ; send one, or the same value in both', {
      field: 'client_token',
    });
  }
  return header ?? clientToken;
}

/**
 * What makes two requests "the same": every field but the token itself, after defaults, in a
 * fixed order. A key reused with another fingerprint is a conflict, not a replay.
 */
export function requestFingerprint(body: CreateJobBody): string {
  const canonical = [body.bucket, body.key, body.tier, body.expiration_days ?? null, body.client_tag ?? null, body.progress_step_percent ?? null];
  return sha256(JSON.stringify(canonical));
}

/**
 * A job id derived from the key: a UUID (version 8, RFC 9562 "custom") of SHA-256 over the
 * namespace (the stage, so two deployments in one account never share ids) and the key.
 */
export function jobIdForKey(namespace: string, key: string): string {
  const hex = sha256(`job-id\0${namespace}\0${key}`);
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The Batch Operations `ClientRequestToken` (1..64 characters) for a key: 64 hex digits. S3 scopes
 * tokens to the account and Region, hence the namespace: two stages in one account must not
 * share a Batch job.
 */
export function batchTokenForKey(namespace: string, key: string): string {
  return sha256(`batch-token\0${namespace}\0${key}`);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
