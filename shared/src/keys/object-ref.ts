import { Buffer } from 'node:buffer';
import { KeyCodecError } from './errors.js';

/**
 * The one canonical form of an S3 object reference in the product. `key` is the raw key exactly
 * as stored in S3 (UTF-8 text, never URL-encoded); every encoded form (manifest, notification
 * record) is decoded into this once, at the edge, by the decoders in `./codec.ts`.
 */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  /** Absent when the object is addressed by key alone (latest version, unversioned bucket). */
  readonly versionId?: string;
}

/** S3's limit on a key: 1,024 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/**
 * General purpose bucket names as S3 accepts them: 3–63 characters of lowercase letters, digits,
 * dots and hyphens, starting and ending with a letter or digit, no `..`, not shaped like an IPv4
 * address, not starting `xn--` and not ending `-s3alias` (UG bucketnamingrules). The sandbox's
 * CreateBucket applies the same rule, so any bucket the sandbox has passes here.
 */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IPV4_SHAPED = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// A UTF-16 surrogate without its partner: such text has no UTF-8 form, so it cannot be an S3 key.
// (The cheap SURROGATE test first: most keys have none at all.)
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `bucket` is not a valid bucket name, or undefined when it is. */
function bucketNameProblem(bucket: string): string | undefined {
  if (bucket.length < 3 || bucket.length > 63) return `it has ${bucket.length} characters, not 3 to 63`;
  if (!BUCKET_NAME.test(bucket)) {
    return 'only lowercase letters, digits, dots and hyphens are allowed, starting and ending with a letter or digit';
  }
  if (bucket.includes('..')) return 'it contains two adjacent dots';
  if (IPV4_SHAPED.test(bucket)) return 'it is formatted as an IP address';
  if (bucket.startsWith('xn--')) return "it starts with the reserved prefix 'xn--'";
  if (bucket.endsWith('-s3alias')) return "it ends with the reserved suffix '-s3alias'";
  return undefined;
}

/**
 * Check a bucket name against S3's naming rules.
 *
 * @returns the name, unchanged
 * @throws {@link KeyCodecError} `InvalidBucketName`
 */
export function validateBucketName(bucket: string): string {
  const problem = bucketNameProblem(bucket);
  if (problem !== undefined) throw new KeyCodecError('InvalidBucketName', { value: bucket, reason: problem });
  return bucket;
}

/** The size of a raw key in UTF-8 bytes, the unit of S3's 1,024 limit. */
export function keyByteLength(key: string): number {
  return Buffer.byteLength(key, 'utf8');
}

/**
 * Check a raw (decoded) key: 1 to 1,024 bytes of well-formed UTF-8 text.
 *
 * @returns the key, unchanged
 * @throws {@link KeyCodecError} `EmptyKey`, `KeyTooLong` or `InvalidKeyEncoding` (lone surrogate)
 */
export function validateKey(key: string): string {
  if (key.length === 0) throw new KeyCodecError('EmptyKey', { value: key, reason: 'a key has at least 1 byte' });
  if (SURROGATE.test(key) && LONE_SURROGATE.test(key)) {
    throw new KeyCodecError('InvalidKeyEncoding', { value: key, reason: 'it contains a lone UTF-16 surrogate, which has no UTF-8 form' });
  }
  const bytes = keyByteLength(key);
  if (bytes > MAX_KEY_BYTES) {
    throw new KeyCodecError('KeyTooLong', { value: key, reason: `it has ${bytes} bytes of UTF-8, at most ${MAX_KEY_BYTES} are allowed` });
  }
  return key;
}

/**
 * Check every part of an object reference and return it in canonical form (an empty version id
 * means "no version id" and is dropped). The key must already be decoded.
 *
 * @throws {@link KeyCodecError} from {@link validateBucketName} or {@link validateKey}
 */
export function validateObjectRef(ref: ObjectRef): ObjectRef {
  validateBucketName(ref.bucket);
  validateKey(ref.key);
  return ref.versionId ? { bucket: ref.bucket, key: ref.key, versionId: ref.versionId } : { bucket: ref.bucket, key: ref.key };
}
