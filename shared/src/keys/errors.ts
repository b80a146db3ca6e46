import { ValidationError } from '../domain/errors.js';

/** The ways a bucket name or an object key can be refused. */
export type KeyCodecErrorCode = 'InvalidKeyEncoding' | 'EmptyKey' | 'KeyTooLong' | 'InvalidBucketName';

/** What was refused and why, kept as fields so callers need not parse the message. */
export interface KeyCodecErrorFields {
  /** The refused input as received (an encoded key, a raw key or a bucket name). */
  readonly value: string;
  /** Why it was refused, in a few words (`'%zz' is not a percent-encoded byte`). */
  readonly reason: string;
}

const SHOWN_VALUE_CHARS = 100;

/**
 * A bucket name or object key that cannot be used: badly URL-encoded, empty, longer than S3
 * allows, or not a valid bucket name. A {@link ValidationError}, so an API answers it with a 4xx.
 *
 * @example
 * ```ts
 * try { decodeManifestKey('a%zz'); } catch (error) {
 *   if (error instanceof KeyCodecError && error.code === 'InvalidKeyEncoding') { ... }
 * }
 * ```
 */
export class KeyCodecError extends ValidationError {
  declare readonly code: KeyCodecErrorCode;
  readonly value: string;
  readonly reason: string;

  constructor(code: KeyCodecErrorCode, fields: KeyCodecErrorFields, options?: { cause?: unknown }) {
    super(code, messageFor(code, fields), { value: fields.value, reason: fields.reason }, options);
    this.value = fields.value;
    this.reason = fields.reason;
  }
}

function messageFor(code: KeyCodecErrorCode, { value, reason }: KeyCodecErrorFields): string {
  const shown = value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value;
  switch (code) {
    case 'InvalidKeyEncoding':
      return `The key ${JSON.stringify(shown)} is not validly encoded: ${reason}.`;
    case 'EmptyKey':
      return `The key is empty: ${reason}.`;
    case 'KeyTooLong':
      return `The key ${JSON.stringify(shown)} is too long: ${reason}.`;
    case 'InvalidBucketName':
      return `The bucket name ${JSON.stringify(shown)} is not valid: ${reason}.`;
  }
}
