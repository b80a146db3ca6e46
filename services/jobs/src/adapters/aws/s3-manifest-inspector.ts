/**
 * The ManifestInspector on S3: HeadObject (exists, readable, size, ETag, version), then a ranged
 * GetObject of the first 64 KiB to read the first row and tell `Bucket,Key` from
 * `Bucket,Key,VersionId`. Both requests name the version HEAD saw, and the GET must match its
 * ETag, so the job is built on exactly the object that was checked.
 */
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { DependencyError, ValidationError, parseManifest } from '@s3-bulk-restore/shared';
import type { ManifestInspection, ManifestInspector } from '../../app/ports.js';
import { awsError } from './aws-errors.js';

/** Bytes read to find the first row: far more than one row may hold (16 KiB, the parser's limit). */
export const FIRST_ROW_BYTES = 65_536;

export interface S3ManifestInspectorOptions {
  client: S3Client;
}

export class S3ManifestInspector implements ManifestInspector {
  constructor(private readonly options: S3ManifestInspectorOptions) {}

  async inspect(manifest: { bucket: string; key: string }): Promise<ManifestInspection> {
    const where = `s3://${manifest.bucket}/${manifest.key}`;
    const head = await this.call(where, () => this.options.client.send(new HeadObjectCommand({ Bucket: manifest.bucket, Key: manifest.key })));
    const size = head.ContentLength ?? 0;
    if (size === 0) throw new ValidationError('EmptyManifest', `The manifest ${where} is empty`, { field: 'key' });
    // S3 Batch Operations cannot read CSV manifests encrypted with SSE-KMS (aws-facts §6.3).
    if (head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse') {
      throw new ValidationError('ManifestEncryptionNotSupported', `The manifest ${where} is encrypted with SSE-KMS, which S3 Batch Operations cannot read for CSV manifests`, {
        field: 'key',
      });
    }
    const etag = unquote(head.ETag ?? '');
    const versionId = head.VersionId && head.VersionId !== 'null' ? head.VersionId : undefined;
    const hasVersionColumn = await this.firstRowHasVersion(manifest, { where, etag, versionId, size });
    return versionId === undefined ? { etag, size, hasVersionColumn } : { etag, size, versionId, hasVersionColumn };
  }

  private async firstRowHasVersion(
    manifest: { bucket: string; key: string },
    object: { where: string; etag: string; versionId: string | undefined; size: number },
  ): Promise<boolean> {
    const out = await this.call(object.where, () =>
      this.options.client.send(
        new GetObjectCommand({
          Bucket: manifest.bucket,
          Key: manifest.key,
          VersionId: object.versionId,
          Range: `bytes=0-${FIRST_ROW_BYTES - 1}`,
          IfMatch: `"${object.etag}"`,
        }),
      ),
    );
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    const entries = parseManifest([bytes], { maxBadLines: Infinity });
    const first = await entries.next();
    await entries.return({ lines: 0, withVersionIds: undefined });
    if (first.done) {
      if (object.size <= FIRST_ROW_BYTES) throw new ValidationError('EmptyManifest', `The manifest ${object.where} has only blank lines`, { field: 'key' });
      throw new ValidationError('InvalidManifest', `The manifest ${object.where} has no row in its first ${FIRST_ROW_BYTES} bytes`, { field: 'key', line: 1 });
    }
    const entry = first.value;
    if (entry.kind === 'bad') {
      throw new ValidationError('InvalidManifest', `Line ${entry.line} of the manifest is not a Bucket,Key[,VersionId] row: ${entry.message}`, {
        field: 'key',
        line: entry.line,
        reason: entry.code,
      });
    }
    return entry.versionId !== undefined;
  }

  /** Run one S3 call, turning S3's refusals into errors about the manifest. */
  private async call<T>(where: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw manifestError(where, error);
    }
  }
}

function manifestError(where: string, error: unknown): Error {
  const { name, status, message } = awsError(error);
  if (status === 404 || name === 'NotFound' || name === 'NoSuchKey' || name === 'NoSuchBucket' || name === 'NoSuchVersion') {
    return new ValidationError('ManifestNotFound', `The manifest ${where} does not exist`, { field: 'key' }, { cause: error });
  }
  if (status === 403 || name === 'AccessDenied' || name === 'Forbidden') {
    return new ValidationError('ManifestNotReadable', `The manifest ${where} cannot be read by this service (access denied)`, { field: 'key' }, { cause: error });
  }
  if (status === 412 || name === 'PreconditionFailed') {
    return new ValidationError('ManifestChanged', `The manifest ${where} changed while it was being checked; retry`, { field: 'key' }, { cause: error });
  }
  if (status === 416 || name === 'InvalidRange') {
    return new ValidationError('EmptyManifest', `The manifest ${where} is empty`, { field: 'key' }, { cause: error });
  }
  return new DependencyError('ManifestCheckFailed', `S3 did not answer about the manifest ${where} (${name}); the request can be retried`, {
    field: 'key',
    httpStatus: 503,
    awsMessage: message,
  }, { cause: error });
}

function unquote(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1');
}
