/**
 * Object keys in S3 notification records (SQS/SNS/Lambda) are form-URL-encoded (aws-facts §5.8):
 * a space becomes `+`, a literal `+` becomes `%2B`, `/` stays as it is, and the other reserved
 * characters are percent-encoded as UTF-8 (`a@b` → `a%40b`, `(1)` → `%281%29`).
 *
 * Verified examples: `red flower.jpg` → `red+flower.jpg` (User Guide), `a@b` → `a%40b` and
 * `testupload/dir1/testfile.txt` unchanged (AWS-recorded); `this im + age blah.txt` →
 * `this+im+%2B+age+blah.txt` (secondary source). Unverified: whether S3 leaves `~` and `*`
 * unencoded; we encode `*` (like `!'()`) and keep `~`, which every decoder handles either way.
 *
 * EventBridge events carry the raw key instead (see formats/eventbridge.ts).
 */

const FORM_EXTRA = /[!'()*]/g;

/**
 * The key as it appears in `s3.object.key` of a notification record.
 *
 * @example encodeRecordKey('photos/red flower (1).jpg') === 'photos/red+flower+%281%29.jpg'
 */
export function encodeRecordKey(key: string): string {
  return encodeURIComponent(wellFormed(key))
    .replace(FORM_EXTRA, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

/**
 * The raw key back from a record key: `+` is a space, then percent-decoding. This is the rule
 * consumers must apply (and what the product's key codec does).
 */
export function decodeRecordKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * A filter rule value as written in a notification configuration (spaces as `+`, other special
 * characters percent-encoded, per UG notification-how-to-filtering), turned into the raw text it
 * stands for. Values that are not valid encodings are taken literally.
 */
export function decodeFilterValue(value: string): string {
  try {
    return decodeRecordKey(value);
  } catch {
    return value;
  }
}

/** Lone surrogates cannot be UTF-8 encoded; S3 keys are UTF-8, so they never reach S3 as such. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
