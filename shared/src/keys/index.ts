/** The S3 key codec: one canonical object reference and the decoders that lead to it. */
export type { KeyCodecErrorCode, KeyCodecErrorFields } from './errors.js';
export { KeyCodecError } from './errors.js';
export type { ObjectRef } from './object-ref.js';
export { MAX_KEY_BYTES, keyByteLength, validateBucketName, validateKey, validateObjectRef } from './object-ref.js';
export { decodeManifestKey, decodeNotificationKey, encodeManifestKey, eventBridgeKey } from './codec.js';
export { objectId, objectKeyHash } from './ids.js';
