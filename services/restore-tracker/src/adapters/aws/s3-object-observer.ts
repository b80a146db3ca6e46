/**
 * What S3 says about objects now, for the reconciliation sweep: ListObjectsV2 with the
 * `RestoreStatus` optional attribute (1,000 keys a call) where many wanted keys share a
 * "directory", HeadObject otherwise — for a few keys, for a version, and for Intelligent-Tiering
 * objects, whose archive tier only HeadObject shows (`x-amz-archive-status`).
 */
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Client, _Object } from '@aws-sdk/client-s3';
import { DependencyError, objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import { mapBounded } from '../../app/pool.js';
import type { ObjectObservation, ObjectObserver } from '../../app/ports.js';

export interface S3ObjectObserverOptions {
  client: S3Client;
  /** A directory with at least this many wanted keys is listed rather than HEAD'ed key by key. */
  listAtLeast?: number;
  /** HeadObject calls in flight. */
  concurrency?: number;
}

const ARCHIVED = new Set(['GLACIER', 'DEEP_ARCHIVE']);
/** Pages a listing may read beyond what its wanted keys need before the rest go to HeadObject. */
const EXTRA_PAGES = 5;

/** {@link ObjectObserver} over ListObjectsV2 + HeadObject; `requests` counts the calls made. */
export class S3ObjectObserver implements ObjectObserver {
  requests = 0;

  constructor(private readonly options: S3ObjectObserverOptions) {}

  async observe(refs: ObjectRef[]): Promise<Map<string, ObjectObservation>> {
    const seen = new Map<string, ObjectObservation>();
    const heads: ObjectRef[] = [];
    const directories = new Map<string, ObjectRef[]>();
    for (const ref of refs) {
      if (ref.versionId) {
        heads.push(ref);
        continue;
      }
      const group = `${ref.bucket}\0${directoryOf(ref.key)}`;
      directories.set(group, [...(directories.get(group) ?? []), ref]);
    }
    for (const group of directories.values()) {
      if (group.length < (this.options.listAtLeast ?? 20)) heads.push(...group);
      else heads.push(...(await this.list(group, seen)));
    }
    await mapBounded(heads, this.options.concurrency ?? 8, async (ref) => {
      seen.set(objectId(ref), await this.head(ref));
    });
    return seen;
  }

  /** List the group's directory; returns the refs it could not settle (for HeadObject). */
  private async list(group: ObjectRef[], seen: Map<string, ObjectObservation>): Promise<ObjectRef[]> {
    const { bucket } = group[0]!;
    const prefix = directoryOf(group[0]!.key);
    const wanted = new Map(group.map((ref) => [ref.key, ref]));
    const needHead: ObjectRef[] = [];
    const maxPages = Math.ceil(group.length / 1000) + EXTRA_PAGES;
    let token: string | undefined;
    let pages = 0;
    do {
      this.requests += 1;
      const out = await this.options.client
        .send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            OptionalObjectAttributes: ['RestoreStatus'],
            ...(token ? { ContinuationToken: token } : {}),
          }),
        )
        .catch((error: unknown) => {
          throw sweepFailed(error, `ListObjectsV2 s3://${bucket}/${prefix}`);
        });
      for (const object of out.Contents ?? []) {
        const ref = object.Key === undefined ? undefined : wanted.get(object.Key);
        if (!ref) continue;
        wanted.delete(ref.key);
        const observation = fromListing(object);
        if (observation) seen.set(objectId(ref), observation);
        else needHead.push(ref);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      pages += 1;
    } while (token && wanted.size > 0 && pages < maxPages);
    // A full listing that never showed a key: the key does not exist. A cut-short one: ask each.
    for (const ref of wanted.values()) {
      if (token) needHead.push(ref);
      else seen.set(objectId(ref), { kind: 'missing' });
    }
    return needHead;
  }

  private async head(ref: ObjectRef): Promise<ObjectObservation> {
    this.requests += 1;
    try {
      const out = await this.options.client.send(new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, ...(ref.versionId ? { VersionId: ref.versionId } : {}) }));
      const restore = parseRestoreHeader(out.Restore);
      const size = out.ContentLength === undefined ? {} : { size: out.ContentLength };
      if (restore) return restore.kind === 'restored' || restore.kind === 'restoring' ? { ...restore, ...size } : restore;
      const storageClass = out.StorageClass ?? 'STANDARD';
      if (ARCHIVED.has(storageClass) || out.ArchiveStatus) return { kind: 'archived' };
      return { kind: 'readable', storageClass, ...size };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return { kind: 'missing' };
      throw sweepFailed(error, `HeadObject s3://${ref.bucket}/${ref.key}`);
    }
  }
}

/** The part of a key up to and including its last `/` ('' for a key at the top). */
export function directoryOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

/** What a ListObjectsV2 entry says, or undefined when only HeadObject can tell (Intelligent-Tiering). */
export function fromListing(object: _Object): ObjectObservation | undefined {
  const status = object.RestoreStatus;
  const size = object.Size === undefined ? {} : { size: object.Size };
  if (status?.IsRestoreInProgress) return { kind: 'restoring', ...size };
  if (status?.RestoreExpiryDate) return { kind: 'restored', expiresAt: status.RestoreExpiryDate.toISOString(), ...size };
  const storageClass = object.StorageClass ?? 'STANDARD';
  if (ARCHIVED.has(storageClass)) return { kind: 'archived' };
  if (storageClass === 'INTELLIGENT_TIERING') return undefined;
  return { kind: 'readable', storageClass, ...size };
}

/** `x-amz-restore`: `ongoing-request="true"` or `ongoing-request="false", expiry-date="…"`. */
export function parseRestoreHeader(value: string | undefined): ObjectObservation | undefined {
  if (!value) return undefined;
  if (/ongoing-request="true"/.test(value)) return { kind: 'restoring' };
  const expiry = /expiry-date="([^"]+)"/.exec(value)?.[1];
  if (/ongoing-request="false"/.test(value)) {
    const at = expiry ? new Date(expiry) : undefined;
    return { kind: 'restored', ...(at && !Number.isNaN(at.getTime()) ? { expiresAt: at.toISOString() } : {}) };
  }
  return undefined;
}

function sweepFailed(error: unknown, what: string): DependencyError {
  const name = (error as { name?: string }).name ?? 'Error';
  return new DependencyError('SweepReadFailed', `${what} failed: ${name}: ${(error as Error).message ?? String(error)}`.slice(0, 1024), { operation: what });
}
