/** ListObjectsV2, ListObjects (v1, used by rclone and s3cmd) and ListObjectVersions. */
import type { SandboxContext } from '../../context.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { header } from '../../protocol/request.js';
import type { XmlNode } from '../../protocol/xml.js';
import { S3_XMLNS, el, isoTime } from '../../protocol/xml.js';
import type { Bucket, ObjectVersion } from '../../state/model.js';
import { compareUtf8 } from '../../state/store.js';
import { listingKey, xmlResponse } from './common.js';

interface Page {
  entries: Array<{ key: string; versions: ObjectVersion[] }>;
  commonPrefixes: string[];
  truncated: boolean;
  /** Last key or common prefix returned (the next page starts after it). */
  last?: string;
}

/**
 * Walk the bucket's keys in order after `startAfter`, grouping by `delimiter`, up to `maxKeys`
 * entries (keys and common prefixes together, as S3 counts them).
 */
function page(ctx: SandboxContext, bucket: Bucket, prefix: string, delimiter: string, startAfter: string, maxKeys: number, withVersions: boolean): Page {
  const keys = ctx.s3.keys(bucket);
  let i = Math.max(startAfter ? upperBound(keys, startAfter) : 0, lowerBound(keys, prefix));
  const result: Page = { entries: [], commonPrefixes: [], truncated: false };
  let count = 0;
  for (; i < keys.length; i++) {
    const key = keys[i]!;
    if (!key.startsWith(prefix)) {
      if (compareUtf8(key, prefix) > 0) break;
      continue;
    }
    const versions = bucket.objects.get(key);
    if (!versions) continue;
    const visible = withVersions ? versions : versions[0] && !versions[0].isDeleteMarker ? [versions[0]] : [];
    if (visible.length === 0) continue;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (result.commonPrefixes[result.commonPrefixes.length - 1] === common) continue;
        if (count === maxKeys) {
          result.truncated = true;
          break;
        }
        result.commonPrefixes.push(common);
        result.last = common;
        count++;
        // Skip every key under this common prefix.
        while (i + 1 < keys.length && keys[i + 1]!.startsWith(common)) i++;
        continue;
      }
    }
    if (count === maxKeys) {
      result.truncated = true;
      break;
    }
    result.entries.push({ key, versions: visible });
    result.last = key;
    count++;
  }
  return result;
}

function parseMaxKeys(req: SandboxRequest): number {
  const raw = req.query.get('max-keys');
  if (raw === null || raw === '') return 1000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys' });
  return Math.min(n, 1000);
}

function encodingType(req: SandboxRequest): boolean {
  const enc = req.query.get('encoding-type');
  if (enc && enc !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type' });
  return enc === 'url';
}

/** `x-amz-optional-object-attributes: RestoreStatus` (aws-facts §3.4). */
function wantsRestoreStatus(req: SandboxRequest): boolean {
  return (header(req, 'x-amz-optional-object-attributes') ?? '').split(',').some((a) => a.trim() === 'RestoreStatus');
}

function restoreStatus(version: ObjectVersion): XmlNode | undefined {
  const r = version.restore;
  if (!r) return undefined;
  return el('RestoreStatus', [
    el('IsRestoreInProgress', r.status === 'in-progress' ? 'true' : 'false'),
    el('RestoreExpiryDate', r.status === 'restored' && r.expiresAt !== undefined ? isoTime(r.expiresAt) : undefined),
  ]);
}

function contents(ctx: SandboxContext, version: ObjectVersion, urlEncode: boolean, withOwner: boolean, withRestore: boolean): XmlNode {
  return el('Contents', [
    el('Key', listingKey(version.key, urlEncode)),
    el('LastModified', isoTime(version.lastModified)),
    el('ETag', `"${version.etag}"`),
    el('Size', version.size),
    el('Owner', withOwner ? [el('ID', ctx.accountId), el('DisplayName', 'sandbox')] : undefined),
    el('StorageClass', version.storageClass),
    withRestore ? restoreStatus(version) : undefined,
  ].filter((n): n is XmlNode => n !== undefined));
}

export function listObjectsV2(ctx: SandboxContext, req: SandboxRequest, bucketName: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const prefix = req.query.get('prefix') ?? '';
  const delimiter = req.query.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(req);
  const urlEncode = encodingType(req);
  const token = req.query.get('continuation-token');
  let startAfter = req.query.get('start-after') ?? '';
  if (token) {
    try {
      startAfter = Buffer.from(token, 'base64url').toString('utf8');
    } catch {
      throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
    }
  }
  const p = page(ctx, bucket, prefix, delimiter, startAfter, maxKeys, false);
  const withRestore = wantsRestoreStatus(req);
  const withOwner = req.query.get('fetch-owner') === 'true';
  return xmlResponse(
    el(
      'ListBucketResult',
      [
        el('Name', bucket.name),
        el('Prefix', listingKey(prefix, urlEncode)),
        el('Delimiter', delimiter ? listingKey(delimiter, urlEncode) : undefined),
        el('MaxKeys', maxKeys),
        el('EncodingType', urlEncode ? 'url' : undefined),
        el('KeyCount', p.entries.length + p.commonPrefixes.length),
        el('IsTruncated', p.truncated ? 'true' : 'false'),
        el('ContinuationToken', token ?? undefined),
        el('NextContinuationToken', p.truncated && p.last ? Buffer.from(p.last, 'utf8').toString('base64url') : undefined),
        el('StartAfter', req.query.get('start-after') ? listingKey(req.query.get('start-after')!, urlEncode) : undefined),
        ...p.entries.map((e) => contents(ctx, e.versions[0]!, urlEncode, withOwner, withRestore)),
        ...p.commonPrefixes.map((c) => el('CommonPrefixes', [el('Prefix', listingKey(c, urlEncode))])),
      ],
      { xmlns: S3_XMLNS },
    ),
  );
}

export function listObjectsV1(ctx: SandboxContext, req: SandboxRequest, bucketName: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const prefix = req.query.get('prefix') ?? '';
  const delimiter = req.query.get('delimiter') ?? '';
  const marker = req.query.get('marker') ?? '';
  const maxKeys = parseMaxKeys(req);
  const urlEncode = encodingType(req);
  const p = page(ctx, bucket, prefix, delimiter, marker, maxKeys, false);
  const withRestore = wantsRestoreStatus(req);
  return xmlResponse(
    el(
      'ListBucketResult',
      [
        el('Name', bucket.name),
        el('Prefix', listingKey(prefix, urlEncode)),
        el('Marker', listingKey(marker, urlEncode)),
        el('NextMarker', p.truncated && delimiter && p.last ? listingKey(p.last, urlEncode) : undefined),
        el('MaxKeys', maxKeys),
        el('Delimiter', delimiter ? listingKey(delimiter, urlEncode) : undefined),
        el('EncodingType', urlEncode ? 'url' : undefined),
        el('IsTruncated', p.truncated ? 'true' : 'false'),
        ...p.entries.map((e) => contents(ctx, e.versions[0]!, urlEncode, true, withRestore)),
        ...p.commonPrefixes.map((c) => el('CommonPrefixes', [el('Prefix', listingKey(c, urlEncode))])),
      ],
      { xmlns: S3_XMLNS },
    ),
  );
}

export function listObjectVersions(ctx: SandboxContext, req: SandboxRequest, bucketName: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const prefix = req.query.get('prefix') ?? '';
  const delimiter = req.query.get('delimiter') ?? '';
  const keyMarker = req.query.get('key-marker') ?? '';
  const maxKeys = parseMaxKeys(req);
  const urlEncode = encodingType(req);
  const p = page(ctx, bucket, prefix, delimiter, keyMarker, maxKeys, true);
  const withRestore = wantsRestoreStatus(req);
  const items: XmlNode[] = [];
  for (const entry of p.entries) {
    entry.versions.forEach((v, index) => {
      const common = [
        el('Key', listingKey(v.key, urlEncode)),
        el('VersionId', v.versionId),
        el('IsLatest', index === 0 ? 'true' : 'false'),
        el('LastModified', isoTime(v.lastModified)),
        el('Owner', [el('ID', ctx.accountId), el('DisplayName', 'sandbox')]),
      ];
      items.push(
        v.isDeleteMarker
          ? el('DeleteMarker', common)
          : el('Version', [
              ...common,
              el('ETag', `"${v.etag}"`),
              el('Size', v.size),
              el('StorageClass', v.storageClass),
              withRestore ? restoreStatus(v) : undefined,
            ].filter((n): n is XmlNode => n !== undefined)),
      );
    });
  }
  return xmlResponse(
    el(
      'ListVersionsResult',
      [
        el('Name', bucket.name),
        el('Prefix', listingKey(prefix, urlEncode)),
        el('KeyMarker', listingKey(keyMarker, urlEncode)),
        el('VersionIdMarker', req.query.get('version-id-marker') ?? ''),
        el('NextKeyMarker', p.truncated && p.last ? listingKey(p.last, urlEncode) : undefined),
        el('MaxKeys', maxKeys),
        el('Delimiter', delimiter || undefined),
        el('EncodingType', urlEncode ? 'url' : undefined),
        el('IsTruncated', p.truncated ? 'true' : 'false'),
        ...items,
        ...p.commonPrefixes.map((c) => el('CommonPrefixes', [el('Prefix', listingKey(c, urlEncode))])),
      ],
      { xmlns: S3_XMLNS },
    ),
  );
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareUtf8(keys[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareUtf8(keys[mid]!, target) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
