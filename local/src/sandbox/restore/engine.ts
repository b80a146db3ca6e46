import type { Clock } from '../clock.js';
import type { RestoreEvent, RestoreEventName, RestoreEventSink } from '../events/types.js';
import { S3Error } from '../protocol/errors.js';
import { uniform } from '../random.js';
import type { Bucket, ObjectVersion, RestoreTier } from '../state/model.js';
import { isArchived } from '../state/model.js';
import type { ArchiveKind, LatencyTable } from './latency.js';
import { DEFAULT_LATENCIES, TIER_SPEED, expiryAfter, latencyFrom, windowFor } from './latency.js';

export interface RestoreRequest {
  days?: number;
  tier: RestoreTier;
}

/** Who asked, for the events and for Batch Operations' rules. */
export interface RestoreContext {
  requestedBy: string;
  viaBatchOperations?: boolean;
  requestId: string;
  hostId: string;
  requester: string;
  sourceIp: string;
}

export type RestoreOutcome =
  | { status: 202; kind: 'initiated' | 'upgraded' }
  | { status: 200; kind: 'extended' };

export interface RestoreEngineOptions {
  clock: Clock;
  seed: number;
  events: RestoreEventSink;
  latencies?: LatencyTable;
  /** What a restored copy's lifetime counts from (aws-facts §1 #4: the two AWS pages disagree). */
  expiryBase?: 'completion' | 'request';
  /** Called after every state change, so persistence can save. */
  onChange?: () => void;
}

/**
 * Restores on the virtual clock: request → (latency drawn from the tier's window) → completed →
 * (at the next 00:00 UTC after Days) expired. Completion and expiry are scheduled tasks.
 */
export class RestoreEngine {
  private readonly latencies: LatencyTable;
  private requestCount = 0;

  constructor(private readonly options: RestoreEngineOptions) {
    this.latencies = options.latencies ?? DEFAULT_LATENCIES;
  }

  /**
   * Validate and apply a restore request with RestoreObject's rules (aws-facts §2.3). Batch
   * Operations tasks call this too, so both paths share one behaviour.
   */
  request(bucket: Bucket, version: ObjectVersion, request: RestoreRequest, context: RestoreContext): RestoreOutcome {
    const now = this.options.clock.now();
    validate(version, request);
    const restore = version.restore;
    if (restore?.status === 'in-progress') {
      const sameDays = restore.days === request.days;
      if (TIER_SPEED[request.tier] > TIER_SPEED[restore.tier] && sameDays) {
        const upgradedAt = now + this.latency(bucket, version, request.tier, context.viaBatchOperations ?? false);
        restore.tier = request.tier;
        restore.completesAt = Math.min(restore.completesAt, upgradedAt);
        restore.generation++;
        this.scheduleCompletion(bucket, version);
        this.options.onChange?.();
        return { status: 202, kind: 'upgraded' };
      }
      throw new S3Error('RestoreAlreadyInProgress', 'Object restore is already in progress', { Key: version.key });
    }
    if (restore?.status === 'restored' && restore.expiresAt !== undefined) {
      // A second request on a restored copy only moves its expiry, counted from now.
      restore.days = request.days;
      restore.expiresAt = expiryAfter(now, request.days ?? 1);
      restore.generation++;
      this.scheduleExpiry(bucket, version);
      this.options.onChange?.();
      return { status: 200, kind: 'extended' };
    }
    const viaBatch = context.viaBatchOperations ?? false;
    version.restore = {
      status: 'in-progress',
      tier: request.tier,
      days: request.days,
      requestedAt: now,
      completesAt: now + this.latency(bucket, version, request.tier, viaBatch),
      requestedBy: context.requestedBy,
      viaBatchOperations: viaBatch || undefined,
      generation: (restore?.generation ?? 0) + 1,
    };
    this.scheduleCompletion(bucket, version);
    this.emit('ObjectRestore:Post', bucket, version, now, context);
    this.options.onChange?.();
    return { status: 202, kind: 'initiated' };
  }

  /** Re-create the timers for every restore in the state (after loading persisted state). */
  scheduleAll(buckets: Iterable<Bucket>): void {
    for (const bucket of buckets) {
      for (const versions of bucket.objects.values()) {
        for (const version of versions) {
          if (version.restore?.status === 'in-progress') this.scheduleCompletion(bucket, version);
          else if (version.restore?.expiresAt !== undefined) this.scheduleExpiry(bucket, version);
        }
      }
    }
  }

  private latency(bucket: Bucket, version: ObjectVersion, tier: RestoreTier, viaBatch: boolean): number {
    const window = windowFor(this.latencies, archiveKind(version), tier, viaBatch);
    const draw = uniform(this.options.seed, bucket.name, version.key, version.versionId, ++this.requestCount);
    return latencyFrom(window, draw);
  }

  private scheduleCompletion(bucket: Bucket, version: ObjectVersion): void {
    const restore = version.restore!;
    const generation = restore.generation;
    this.options.clock.schedule(restore.completesAt, (at) => {
      const current = version.restore;
      if (!current || current.generation !== generation || current.status !== 'in-progress') return;
      current.status = 'restored';
      current.completedAt = at;
      if (version.storageClass === 'INTELLIGENT_TIERING') {
        // An IT restore moves the object back to Frequent Access: no temporary copy, no expiry.
        version.archiveStatus = undefined;
      } else {
        const base = this.options.expiryBase === 'request' ? current.requestedAt : at;
        current.expiresAt = expiryAfter(base, current.days ?? 1);
        this.scheduleExpiry(bucket, version);
      }
      this.emit('ObjectRestore:Completed', bucket, version, at, s3Context(bucket));
      this.options.onChange?.();
    });
  }

  private scheduleExpiry(bucket: Bucket, version: ObjectVersion): void {
    const restore = version.restore!;
    const generation = restore.generation;
    this.options.clock.schedule(restore.expiresAt!, (at) => {
      const current = version.restore;
      if (!current || current.generation !== generation || current.status !== 'restored') return;
      const expiredCopy = { ...current };
      version.restore = undefined;
      this.emit('ObjectRestore:Delete', bucket, version, at, s3Context(bucket), expiredCopy.expiresAt);
      this.options.onChange?.();
    });
  }

  private emit(
    name: RestoreEventName,
    bucket: Bucket,
    version: ObjectVersion,
    time: number,
    context: Pick<RestoreContext, 'requestId' | 'hostId' | 'requester' | 'sourceIp'>,
    expiry?: number,
  ): void {
    const event: RestoreEvent = {
      name,
      time,
      bucket: { name: bucket.name, region: bucket.region, ownerAccountId: bucket.ownerAccountId },
      notification: bucket.notification,
      object: {
        key: version.key,
        size: version.size,
        etag: version.etag,
        versionId: bucket.versioning ? version.versionId : undefined,
        sequencer: version.sequencer.toString(16).toUpperCase().padStart(16, '0'),
      },
      requestId: context.requestId,
      hostId: context.hostId,
      requester: context.requester,
      sourceIp: context.sourceIp,
      sourceStorageClass: version.storageClass,
      restoreExpiryTime: name === 'ObjectRestore:Completed' ? version.restore?.expiresAt : expiry,
    };
    this.options.events.emit(event);
  }
}

/** Request rules that do not depend on the restore's current state. */
function validate(version: ObjectVersion, request: RestoreRequest): void {
  if (!isArchived(version)) {
    throw new S3Error('InvalidObjectState', "Restore is not allowed for the object's current storage class", {
      StorageClass: version.storageClass,
    });
  }
  const intelligentTiering = version.storageClass === 'INTELLIGENT_TIERING';
  if (intelligentTiering && request.days !== undefined) {
    throw new S3Error('InvalidArgument', 'Days is not allowed for objects in the Intelligent-Tiering archive tiers', {
      ArgumentName: 'Days',
    });
  }
  if (!intelligentTiering && request.days === undefined) {
    // rclone PR #7129: S3 answers MalformedXML when Days is missing for GLACIER / DEEP_ARCHIVE.
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  if (request.days !== undefined && (!Number.isInteger(request.days) || request.days < 1)) {
    throw new S3Error('InvalidArgument', 'Days must be a positive integer', { ArgumentName: 'Days' });
  }
  if (request.tier === 'Expedited' && archiveKind(version) === 'deep') {
    // Code and status unverified (aws-facts §2.2); see docs/sandbox.md.
    throw new S3Error('InvalidArgument', 'Expedited retrieval is not available for this storage class', {
      ArgumentName: 'Tier',
      StorageClass: version.storageClass,
    });
  }
}

export function archiveKind(version: ObjectVersion): ArchiveKind {
  if (version.storageClass === 'DEEP_ARCHIVE' || version.archiveStatus === 'DEEP_ARCHIVE_ACCESS') return 'deep';
  return 'flexible';
}

/** Completion and expiry are done by S3 itself, not by a caller. */
function s3Context(bucket: Bucket): Pick<RestoreContext, 'requestId' | 'hostId' | 'requester' | 'sourceIp'> {
  return {
    requestId: '',
    hostId: '',
    requester: `AmazonCustomer:${bucket.ownerAccountId}`,
    sourceIp: '',
  };
}
