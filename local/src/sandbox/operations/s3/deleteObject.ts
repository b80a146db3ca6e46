import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { S3_XMLNS, asList, el, text } from '../../protocol/xml.js';
import type { Bucket } from '../../state/model.js';
import { writeDeleteMarker } from '../../state/objects.js';
import { parseXmlOrThrow } from './buckets.js';
import { empty, xmlResponse } from './common.js';

interface Deleted {
  versionId?: string;
  deleteMarker: boolean;
}

function deleteOne(ctx: SandboxContext, bucket: Bucket, key: string, versionId: string | undefined): Deleted {
  if (versionId) {
    const removed = ctx.s3.removeVersion(bucket, key, versionId);
    return { versionId, deleteMarker: removed?.isDeleteMarker ?? false };
  }
  if (bucket.versioning) {
    const marker = writeDeleteMarker(ctx.s3, bucket, key, ctx.clock.now(), ctx.seed);
    return { versionId: marker.versionId, deleteMarker: true };
  }
  ctx.s3.removeVersion(bucket, key, 'null');
  return { deleteMarker: false };
}

/** DeleteObject: 204 whether or not the key existed, as S3 does. */
export function deleteObject(ctx: SandboxContext, req: SandboxRequest, bucketName: string, key: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const result = deleteOne(ctx, bucket, key, req.query.get('versionId') ?? undefined);
  ctx.changed();
  return empty(204, {
    'x-amz-version-id': bucket.versioning ? result.versionId : undefined,
    'x-amz-delete-marker': result.deleteMarker ? 'true' : undefined,
  });
}

/** DeleteObjects (`POST ?delete`). */
export function deleteObjects(ctx: SandboxContext, req: SandboxRequest, bucketName: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const doc = parseXmlOrThrow(req.body)['Delete'];
  const quiet = text(doc, 'Quiet') === 'true';
  const objects = asList<Record<string, unknown>>((doc as Record<string, unknown> | undefined)?.['Object']);
  const results = objects.map((o) => {
    const key = text(o, 'Key') ?? '';
    const versionId = text(o, 'VersionId');
    const r = deleteOne(ctx, bucket, key, versionId);
    return el('Deleted', [
      el('Key', key),
      el('VersionId', versionId),
      el('DeleteMarker', r.deleteMarker ? 'true' : undefined),
      el('DeleteMarkerVersionId', r.deleteMarker && !versionId ? r.versionId : undefined),
    ]);
  });
  ctx.changed();
  return xmlResponse(el('DeleteResult', quiet ? [] : results, { xmlns: S3_XMLNS }));
}
