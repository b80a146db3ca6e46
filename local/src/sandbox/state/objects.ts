import { createHash } from 'node:crypto';
import type { Bucket, ObjectVersion, StorageClass, ArchiveAccessTier } from './model.js';
import type { S3State } from './store.js';

export interface NewObject {
  key: string;
  body: Buffer;
  storageClass?: StorageClass;
  contentType?: string;
  metadata?: Record<string, string>;
  archiveStatus?: ArchiveAccessTier;
}

/**
 * Write a new object version the way PutObject does (a new version id in a versioned bucket,
 * the `null` version otherwise). Used by PutObject, seeding and Batch Operations reports.
 */
export function writeObject(s3: S3State, bucket: Bucket, input: NewObject, now: number, seed: number): ObjectVersion {
  const version: ObjectVersion = {
    key: input.key,
    versionId: bucket.versioning === 'Enabled' ? s3.nextVersionId(seed) : 'null',
    isDeleteMarker: false,
    body: Buffer.from(input.body),
    size: input.body.length,
    etag: createHash('md5').update(input.body).digest('hex'),
    lastModified: now,
    contentType: input.contentType ?? 'binary/octet-stream',
    metadata: input.metadata ?? {},
    storageClass: input.storageClass ?? 'STANDARD',
    archiveStatus: input.storageClass === 'INTELLIGENT_TIERING' ? input.archiveStatus : undefined,
    sequencer: s3.nextSequencer(),
  };
  s3.putVersion(bucket, version);
  return version;
}

/** A delete marker (versioned bucket, DeleteObject without a version id). */
export function writeDeleteMarker(s3: S3State, bucket: Bucket, key: string, now: number, seed: number): ObjectVersion {
  const marker: ObjectVersion = {
    key,
    versionId: bucket.versioning === 'Enabled' ? s3.nextVersionId(seed) : 'null',
    isDeleteMarker: true,
    body: Buffer.alloc(0),
    size: 0,
    etag: '',
    lastModified: now,
    contentType: '',
    metadata: {},
    storageClass: 'STANDARD',
    sequencer: s3.nextSequencer(),
  };
  s3.putVersion(bucket, marker);
  return marker;
}
