import { encodeManifestKey } from '../keys/index.js';
import type { ObjectRef } from '../keys/index.js';

/**
 * One manifest row for `ref`, without a line break: `bucket,encodedKey[,versionId]`. The key is
 * encoded with {@link encodeManifestKey}, so the row needs no CSV quoting and reads back, through
 * S3 or {@link parseManifest}, as the same raw key.
 *
 * @example formatManifestRow({ bucket: 'b', key: 'a b+c' }) === 'b,a%20b%2Bc'
 */
export function formatManifestRow(ref: ObjectRef): string {
  const row = `${ref.bucket},${encodeManifestKey(ref.key)}`;
  return ref.versionId ? `${row},${ref.versionId}` : row;
}
