import type { SandboxContext } from '../../context.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { header } from '../../protocol/request.js';
import { isReadable } from '../../state/model.js';
import { empty, objectHeaders } from './common.js';

/** GetObject: 403 InvalidObjectState (with `<StorageClass>`) until an archived object is restored. */
export function getObject(ctx: SandboxContext, req: SandboxRequest, bucketName: string, key: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const version = ctx.s3.getVersion(bucket, key, req.query.get('versionId') ?? undefined);
  if (!isReadable(version)) {
    const fields: Record<string, string> = { StorageClass: version.storageClass };
    if (version.archiveStatus) fields['AccessTier'] = version.archiveStatus;
    throw new S3Error('InvalidObjectState', "The operation is not valid for the object's storage class", fields);
  }
  const headers = objectHeaders(bucket, version, false)!;
  const body = version.body;
  const range = parseRange(header(req, 'range'), body.length);
  if (range) {
    return {
      status: 206,
      headers: { ...headers, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${body.length}` },
      body: body.subarray(range.start, range.end + 1),
    };
  }
  return { status: 200, headers, body };
}

/** HeadObject: metadata is always online; errors carry no body (the protocol layer drops it). */
export function headObject(ctx: SandboxContext, req: SandboxRequest, bucketName: string, key: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const version = ctx.s3.getVersion(bucket, key, req.query.get('versionId') ?? undefined);
  return empty(200, objectHeaders(bucket, version, true));
}

function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = value ? /^bytes=(\d*)-(\d*)$/.exec(value.trim()) : null;
  if (!m || size === 0) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(size - Number(m[2]), 0);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) {
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', { RangeRequested: value ?? '' }, 416);
  }
  return { start, end };
}
