/**
 * S3 spells one object key three ways depending on where it travels; every form is decoded here
 * into the raw key of `ObjectRef`, once, at the edge:
 *
 * | where | form | decoder |
 * | --- | --- | --- |
 * | Batch Operations CSV manifest | URL-encoded, `+` read as a space | {@link decodeManifestKey} |
 * | S3 event notification record (SQS, SNS, Lambda) | form-URL-encoded (`+` is a space) | {@link decodeNotificationKey} |
 * | EventBridge `Object Restore *` event | raw | {@link eventBridgeKey} |
 */
import { KeyCodecError } from './errors.js';

const PLUS = /\+/g;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/** Form decoding: `+` is a space, then `%XX` sequences are UTF-8 bytes. */
function formDecode(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(PLUS, ' '));
  } catch (error) {
    // decodeURIComponent throws a URIError for both kinds of fault; say which one it was.
    const bad = BAD_PERCENT.exec(encoded);
    const reason = bad
      ? `${JSON.stringify(encoded.slice(bad.index, bad.index + 3))} at position ${bad.index} is not a percent-encoded byte (% and two hex digits)`
      : 'the percent-encoded bytes are not valid UTF-8';
    throw new KeyCodecError('InvalidKeyEncoding', { value: encoded, reason }, { cause: error });
  }
}

/**
 * Decode a key from an S3 Batch Operations CSV manifest (`S3BatchOperations_CSV_20180820`).
 *
 * AWS requires manifest keys to be URL-encoded (UG batch-ops-create-job, example
 * `object%20key%20with%20spaces`) and cites Python's `quote_plus(key, safe="/")` as a working
 * encoder (aws-facts §6.3). `quote_plus` writes a space as `+` and a plus as `%2B`, so S3 must read
 * `+` as a space: we use form decoding. Keys encoded with `%20` (e.g. {@link encodeManifestKey},
 * `encodeURIComponent`) decode the same way. The sandbox reads manifests with the same rule.
 *
 * @param encoded the Key field of a manifest row, CSV quoting already removed
 * @returns the raw key (not validated for length: see {@link validateKey})
 * @throws {@link KeyCodecError} `InvalidKeyEncoding` for `%zz`, a truncated `%4`, or bytes that are
 *   not UTF-8 such as `%C3%28`
 * @example decodeManifestKey('photos/red+flower%2B1.jpg') === 'photos/red flower+1.jpg'
 */
export function decodeManifestKey(encoded: string): string {
  return formDecode(encoded);
}

/**
 * Decode `s3.object.key` of an S3 event notification record (delivered by SQS, SNS or Lambda).
 *
 * S3 writes keys in records form-URL-encoded (aws-facts §5.8): a space is `+`, a plus is `%2B`,
 * `/` is left alone, other reserved characters are `%XX` of their UTF-8 bytes. AWS-recorded
 * examples: `red+flower.jpg` → `red flower.jpg`, `a%40b` → `a@b`; `this+im+%2B+age+blah.txt` →
 * `this im + age blah.txt` (secondary source).
 *
 * @throws {@link KeyCodecError} `InvalidKeyEncoding` when the text is not valid percent-encoding
 * @example decodeNotificationKey('red+flower.jpg') === 'red flower.jpg'
 */
export function decodeNotificationKey(encoded: string): string {
  return formDecode(encoded);
}

/**
 * The key of an EventBridge `Object Restore Initiated/Completed/Expired` event, which S3 sends
 * raw, not URL-encoded (aws-facts §5.7; moto records `"key":"a/obj 1.bin"`, stack-serverless
 * §4.5). It is already canonical, so this is the identity: it exists so that every place a key
 * enters the product names its source, and so nobody "fixes" it by decoding `+` into a space.
 *
 * @example eventBridgeKey('a/obj 1.bin') === 'a/obj 1.bin'
 */
export function eventBridgeKey(raw: string): string {
  return raw;
}

/**
 * Encode a raw key for a CSV manifest: `encodeURIComponent`, keeping `/` as it is. A space becomes
 * `%20` and a plus `%2B`, so the result reads back correctly whether the reader uses plain
 * percent-decoding or form decoding (as S3 and {@link decodeManifestKey} do). Commas, quotes and
 * line breaks are encoded too, so the field never needs CSV quoting.
 *
 * @throws {@link KeyCodecError} `InvalidKeyEncoding` when the key has a lone UTF-16 surrogate
 * @example encodeManifestKey('a/b c+d.txt') === 'a/b%20c%2Bd.txt'
 */
export function encodeManifestKey(raw: string): string {
  try {
    return encodeURIComponent(raw).replace(/%2F/g, '/');
  } catch (error) {
    throw new KeyCodecError(
      'InvalidKeyEncoding',
      { value: raw, reason: 'it contains a lone UTF-16 surrogate, which has no UTF-8 form' },
      { cause: error },
    );
  }
}

