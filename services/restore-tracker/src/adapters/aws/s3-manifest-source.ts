/**
 * Manifests streamed from S3 with GetObject, `If-Match` the ETag the jobs service checked: a
 * manifest replaced since then is refused rather than read (the Batch job would refuse it too).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { DependencyError } from '@s3-bulk-restore/shared';
import type { ManifestLocation, ManifestSource } from '../../app/ports.js';

/** What the adapter needs. */
export interface S3ManifestSourceOptions {
  client: S3Client;
}

/** {@link ManifestSource} over S3 GetObject; errors become DependencyErrors `Manifest*`. */
export class S3ManifestSource implements ManifestSource {
  constructor(private readonly options: S3ManifestSourceOptions) {}

  async *open(location: ManifestLocation, fromByte = 0): AsyncIterable<Uint8Array> {
    let body: AsyncIterable<Uint8Array>;
    try {
      const out = await this.options.client.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          IfMatch: quoted(location.etag),
          ...(location.versionId ? { VersionId: location.versionId } : {}),
          ...(fromByte > 0 ? { Range: `bytes=${fromByte}-` } : {}),
        }),
      );
      // On Node the SDK's body is an IncomingMessage: an async iterable of Buffers.
      body = out.Body as unknown as AsyncIterable<Uint8Array>;
    } catch (error) {
      throw translate(error, location);
    }
    yield* body;
  }
}

/** S3 compares ETags as sent in headers: quoted. */
function quoted(etag: string): string {
  return etag.startsWith('"') || etag.startsWith('W/') ? etag : `"${etag}"`;
}

function translate(error: unknown, location: ManifestLocation): unknown {
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const where = { bucket: location.bucket, key: location.key, etag: location.etag };
  const name = `s3://${location.bucket}/${location.key}`;
  if (e.name === 'NoSuchKey' || e.name === 'NoSuchBucket' || e.name === 'NoSuchVersion' || status === 404) {
    return new DependencyError('ManifestNotFound', `The manifest ${name} does not exist`, where, { cause: error });
  }
  if (e.name === 'PreconditionFailed' || status === 412) {
    return new DependencyError('ManifestChanged', `The manifest ${name} changed since the job was created (its ETag is no longer ${location.etag})`, where, { cause: error });
  }
  if (e.name === 'AccessDenied' || status === 403) {
    return new DependencyError('ManifestAccessDenied', `The manifest ${name} cannot be read (access denied)`, where, { cause: error });
  }
  return error;
}
