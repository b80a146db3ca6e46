/**
 * The S3 REST surface: path-style requests (`/{bucket}/{key}`) dispatched by method, whether a
 * key is present, and the query sub-resource. Anything else answers like S3 does for an
 * unsupported request (501 NotImplemented with a pointer), never a silent success.
 */
import type { SandboxContext } from '../../context.js';
import { S3Error, notImplemented } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { hasQuery } from '../../protocol/request.js';
import { createBucket, deleteBucket, getBucketLocation, getBucketVersioning, headBucket, listBuckets, putBucketVersioning } from './buckets.js';
import { deleteObject, deleteObjects } from './deleteObject.js';
import { getObject, headObject } from './getObject.js';
import { listObjectVersions, listObjectsV1, listObjectsV2 } from './listObjects.js';
import { getBucketNotification, putBucketNotification } from './notification.js';
import { putObject } from './putObject.js';
import { restoreObject } from './restoreObject.js';

/** Bucket and key from a path-style request path. Keys are percent-decoded (`+` stays `+`). */
export function parsePath(rawPath: string): { bucket?: string; key?: string } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (path === '') return {};
  const slash = path.indexOf('/');
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", { URI: rawPath }, 400);
    }
  };
  if (slash < 0) return { bucket: decode(path) };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), key: key === '' ? undefined : decode(key) };
}

const BUCKET_SUBRESOURCES_UNSUPPORTED = [
  'acl', 'cors', 'lifecycle', 'policy', 'tagging', 'website', 'replication', 'encryption', 'inventory',
  'analytics', 'metrics', 'logging', 'object-lock', 'ownershipControls', 'publicAccessBlock', 'accelerate',
  'requestPayment', 'intelligent-tiering',
];

export async function routeS3(ctx: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  const { bucket, key } = parsePath(req.rawPath);
  const m = req.method;
  if (!bucket) {
    if (m === 'GET') return listBuckets(ctx);
    throw notImplemented(`${m} /`);
  }
  if (key !== undefined) {
    if (Buffer.byteLength(key, 'utf8') > 1024) {
      throw new S3Error('KeyTooLongError', 'Your key is too long', { MaxSizeAllowed: '1024', Size: String(Buffer.byteLength(key, 'utf8')) }, 400);
    }
    if (m === 'POST' && hasQuery(req, 'restore')) return restoreObject(ctx, req, bucket, key);
    for (const sub of ['uploads', 'uploadId', 'tagging', 'acl', 'retention', 'legal-hold', 'attributes', 'select']) {
      if (hasQuery(req, sub)) throw notImplemented(`The ?${sub} object sub-resource`);
    }
    if (m === 'PUT') return putObject(ctx, req, bucket, key);
    if (m === 'GET') return getObject(ctx, req, bucket, key);
    if (m === 'HEAD') return headObject(ctx, req, bucket, key);
    if (m === 'DELETE') return deleteObject(ctx, req, bucket, key);
    throw notImplemented(`${m} on an object`);
  }
  for (const sub of BUCKET_SUBRESOURCES_UNSUPPORTED) {
    if (hasQuery(req, sub)) throw notImplemented(`The ?${sub} bucket sub-resource`);
  }
  if (hasQuery(req, 'notification')) {
    if (m === 'PUT') return putBucketNotification(ctx, req, bucket);
    if (m === 'GET') return getBucketNotification(ctx, req, bucket);
  }
  if (hasQuery(req, 'versioning')) {
    if (m === 'PUT') return putBucketVersioning(ctx, req, bucket);
    if (m === 'GET') return getBucketVersioning(ctx, req, bucket);
  }
  if (hasQuery(req, 'location') && m === 'GET') return getBucketLocation(ctx, req, bucket);
  if (hasQuery(req, 'versions') && m === 'GET') return listObjectVersions(ctx, req, bucket);
  if (hasQuery(req, 'uploads') && m === 'GET') throw notImplemented('ListMultipartUploads');
  if (hasQuery(req, 'delete') && m === 'POST') return deleteObjects(ctx, req, bucket);
  if (m === 'PUT') return createBucket(ctx, req, bucket);
  if (m === 'HEAD') return headBucket(ctx, req, bucket);
  if (m === 'DELETE') return deleteBucket(ctx, req, bucket);
  if (m === 'GET') return req.query.get('list-type') === '2' ? listObjectsV2(ctx, req, bucket) : listObjectsV1(ctx, req, bucket);
  throw notImplemented(`${m} on a bucket`);
}
