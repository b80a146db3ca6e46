import type { SandboxContext } from '../../context.js';
import { S3Error, notImplemented } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { header } from '../../protocol/request.js';
import { STORAGE_CLASSES } from '../../state/model.js';
import type { StorageClass } from '../../state/model.js';
import { writeObject } from '../../state/objects.js';
import { empty } from './common.js';

export function putObject(ctx: SandboxContext, req: SandboxRequest, bucketName: string, key: string): SandboxResponse {
  if (header(req, 'x-amz-copy-source')) throw notImplemented('CopyObject');
  const bucket = ctx.s3.bucket(bucketName);
  const storageClass = (header(req, 'x-amz-storage-class') ?? 'STANDARD') as StorageClass;
  if (!STORAGE_CLASSES.includes(storageClass)) {
    throw new S3Error('InvalidStorageClass', 'The storage class you specified is not valid', { StorageClassRequested: storageClass });
  }
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  const version = writeObject(
    ctx.s3,
    bucket,
    { key, body: req.body, storageClass, contentType: header(req, 'content-type'), metadata },
    ctx.clock.now(),
    ctx.seed,
  );
  ctx.changed();
  return empty(200, {
    etag: `"${version.etag}"`,
    'x-amz-version-id': bucket.versioning ? version.versionId : undefined,
    'x-amz-storage-class': storageClass === 'STANDARD' ? undefined : storageClass,
  });
}
