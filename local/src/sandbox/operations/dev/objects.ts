/** Dev API: put an Intelligent-Tiering object into (or out of) an archive access tier. */
import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { DevApiError, json, jsonBody, optionalString, requiredString } from './common.js';

/** `POST /_sandbox/objects/archive-tier {"bucket","key","versionId"?,"tier":"ARCHIVE_ACCESS"|"DEEP_ARCHIVE_ACCESS"|null}` */
export function setArchiveTier(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const body = jsonBody(req);
  const bucket = ctx.s3.bucket(requiredString(body, 'bucket'));
  const version = ctx.s3.getVersion(bucket, requiredString(body, 'key'), optionalString(body, 'versionId'));
  const tier = body['tier'];
  if (tier !== null && tier !== 'ARCHIVE_ACCESS' && tier !== 'DEEP_ARCHIVE_ACCESS') {
    throw new DevApiError(400, 'InvalidParameter', 'tier must be ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS or null', 'tier');
  }
  if (version.storageClass !== 'INTELLIGENT_TIERING') {
    throw new DevApiError(409, 'NotIntelligentTiering', `the object is in ${version.storageClass}, not INTELLIGENT_TIERING`, 'key');
  }
  if (version.restore?.status === 'in-progress') {
    throw new DevApiError(409, 'RestoreInProgress', 'the object is being restored', 'key');
  }
  version.archiveStatus = tier ?? undefined;
  version.restore = undefined;
  ctx.changed();
  return json({ bucket: bucket.name, key: version.key, versionId: version.versionId, archiveStatus: version.archiveStatus ?? null });
}
