import type { Bucket, ObjectVersion } from './model.js';
import { S3Error } from '../protocol/errors.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';

/** Bucket names as S3 accepts them (general purpose buckets). */
const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The S3 side of the sandbox state: buckets and their object versions. Operations call these
 * methods; they raise {@link S3Error} with the codes S3 uses.
 */
export class S3State {
  readonly buckets = new Map<string, Bucket>();
  private sequencer = 0;
  private versionCounter = 0;
  /** Keys of each bucket, sorted lazily for listings. */
  private readonly sortedKeys = new Map<string, string[]>();

  createBucket(name: string, region: string, ownerAccountId: string, now: number): Bucket {
    if (!BUCKET_NAME.test(name) || name.includes('..')) {
      throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
    }
    const existing = this.buckets.get(name);
    if (existing) {
      if (existing.ownerAccountId === ownerAccountId && existing.region === 'us-east-1' && region === 'us-east-1') {
        // us-east-1 answers 200 to a repeated CreateBucket by its owner (legacy behaviour).
        return existing;
      }
      throw new S3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: name },
      );
    }
    const bucket: Bucket = {
      name,
      region,
      ownerAccountId,
      createdAt: now,
      notification: { QueueConfigurations: [], EventBridgeEnabled: false },
      objects: new Map(),
    };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
    return bucket;
  }

  deleteBucket(name: string): void {
    const bucket = this.bucket(name);
    if (bucket.objects.size > 0) {
      throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: name });
    }
    this.buckets.delete(name);
    this.sortedKeys.delete(name);
  }

  nextSequencer(): number {
    return ++this.sequencer;
  }

  /** Opaque, unique version ids (S3's are 32 URL-safe characters). */
  nextVersionId(seed: number): string {
    const n = ++this.versionCounter;
    const a = (Math.imul(n, 2654435761) ^ seed) >>> 0;
    const b = (Math.imul(n ^ seed, 1597334677) + n) >>> 0;
    return `${a.toString(36)}${b.toString(36)}${n.toString(36)}`.padEnd(32, 'v').slice(0, 32);
  }

  /** Store a new version (or replace the `null` version in an unversioned bucket). */
  putVersion(bucket: Bucket, version: ObjectVersion): void {
    const versions = bucket.objects.get(version.key);
    if (!versions) {
      bucket.objects.set(version.key, [version]);
      this.sortedKeys.delete(bucket.name);
      return;
    }
    if (version.versionId === 'null') {
      const index = versions.findIndex((v) => v.versionId === 'null');
      if (index >= 0) versions.splice(index, 1);
    }
    versions.unshift(version);
  }

  /** The current version, or a specific one. Delete markers count as absent. */
  getVersion(bucket: Bucket, key: string, versionId?: string): ObjectVersion {
    const versions = bucket.objects.get(key);
    if (versionId !== undefined && versionId !== '') {
      const found = versions?.find((v) => v.versionId === versionId);
      if (!found) {
        throw new S3Error('NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
      }
      if (found.isDeleteMarker) {
        throw new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
          Method: 'GET',
          ResourceType: 'DeleteMarker',
        });
      }
      return found;
    }
    const current = versions?.[0];
    if (!current || current.isDeleteMarker) {
      throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
    }
    return current;
  }

  /** Find a version without throwing. */
  findVersion(bucket: Bucket, key: string, versionId?: string): ObjectVersion | undefined {
    const versions = bucket.objects.get(key);
    if (!versions) return undefined;
    if (versionId) return versions.find((v) => v.versionId === versionId);
    const current = versions[0];
    return current && !current.isDeleteMarker ? current : undefined;
  }

  removeVersion(bucket: Bucket, key: string, versionId: string): ObjectVersion | undefined {
    const versions = bucket.objects.get(key);
    if (!versions) return undefined;
    const index = versions.findIndex((v) => v.versionId === versionId);
    if (index < 0) return undefined;
    const [removed] = versions.splice(index, 1);
    if (versions.length === 0) {
      bucket.objects.delete(key);
      this.sortedKeys.delete(bucket.name);
    }
    return removed;
  }

  /** All keys of a bucket in UTF-8 binary order (S3 lists in that order). */
  keys(bucket: Bucket): string[] {
    let keys = this.sortedKeys.get(bucket.name);
    if (!keys) {
      keys = [...bucket.objects.keys()].sort(compareUtf8);
      this.sortedKeys.set(bucket.name, keys);
    }
    return keys;
  }

  /** Forget every bucket (dev API reset). */
  clear(): void {
    // Scheduled completions and expiries check the restore they were made for; dropping it
    // turns them into no-ops, so nothing fires for a bucket that no longer exists.
    for (const bucket of this.buckets.values()) {
      for (const versions of bucket.objects.values()) for (const v of versions) v.restore = undefined;
    }
    this.buckets.clear();
    this.sortedKeys.clear();
    this.sequencer = 0;
    this.versionCounter = 0;
  }

  /** Counters that persistence must carry across restarts. */
  counters(): { sequencer: number; versionCounter: number } {
    return { sequencer: this.sequencer, versionCounter: this.versionCounter };
  }

  restoreCounters(counters: { sequencer: number; versionCounter: number }): void {
    this.sequencer = Math.max(this.sequencer, counters.sequencer);
    this.versionCounter = Math.max(this.versionCounter, counters.versionCounter);
  }
}

/** Compare two strings by their UTF-8 bytes, as S3 orders keys. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return utf8Rank(ca) - utf8Rank(cb);
  }
  return a.length - b.length;
}

/**
 * UTF-16 code-unit order equals UTF-8 byte order except that surrogates (characters above
 * U+FFFF) must sort after U+E000..U+FFFF; shift the two ranges accordingly.
 */
function utf8Rank(codeUnit: number): number {
  if (codeUnit >= 0xd800 && codeUnit <= 0xdfff) return codeUnit + 0x2000;
  if (codeUnit >= 0xe000) return codeUnit - 0x800;
  return codeUnit;
}
