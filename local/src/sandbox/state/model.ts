/**
 * The sandbox's state, as plain data (so it can be persisted as is). Scoped the way AWS scopes
 * it: buckets belong to an owner account and a Region; Batch Operations jobs to an account and
 * a Region.
 */

export const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'REDUCED_REDUNDANCY',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Intelligent-Tiering archive tiers (HeadObject `x-amz-archive-status`). */
export type ArchiveAccessTier = 'ARCHIVE_ACCESS' | 'DEEP_ARCHIVE_ACCESS';

/** RestoreObject tiers as S3 spells them (title case). */
export type RestoreTier = 'Expedited' | 'Standard' | 'Bulk';

export interface RestoreState {
  /** `in-progress` until the copy is available; `restored` while a copy (or IT object) is online. */
  status: 'in-progress' | 'restored';
  tier: RestoreTier;
  /** Days of the temporary copy; undefined for Intelligent-Tiering (no copy, no expiry). */
  days?: number;
  requestedAt: number;
  completesAt: number;
  completedAt?: number;
  /** When the temporary copy disappears (always 00:00:00 UTC). */
  expiresAt?: number;
  /** Who asked: `api` or `batch:<jobId>`. */
  requestedBy: string;
  /** Set when Batch Operations started the restore (its "Standard via Batch Operations" latency). */
  viaBatchOperations?: boolean;
  /** Bumped on every change so that stale scheduled tasks recognise themselves and do nothing. */
  generation: number;
}

export interface ObjectVersion {
  key: string;
  /** `null` (the string) for unversioned objects, as S3 reports it. */
  versionId: string;
  isDeleteMarker: boolean;
  /** The content (persisted beside the snapshot, see state/persistence.ts). */
  body: Buffer;
  size: number;
  /** MD5 hex without quotes. */
  etag: string;
  lastModified: number;
  contentType: string;
  metadata: Record<string, string>;
  storageClass: StorageClass;
  /** Intelligent-Tiering objects currently in an archive tier. */
  archiveStatus?: ArchiveAccessTier;
  restore?: RestoreState;
  /** Monotonic per bucket; S3 event `sequencer`. */
  sequencer: number;
}

export interface FilterRule {
  Name: 'prefix' | 'suffix';
  Value: string;
}

export interface QueueConfiguration {
  Id: string;
  QueueArn: string;
  Events: string[];
  FilterRules: FilterRule[];
}

export interface NotificationConfiguration {
  QueueConfigurations: QueueConfiguration[];
  EventBridgeEnabled: boolean;
}

export interface Bucket {
  name: string;
  region: string;
  ownerAccountId: string;
  createdAt: number;
  versioning?: 'Enabled' | 'Suspended';
  notification: NotificationConfiguration;
  /** Versions per key, newest first. */
  objects: Map<string, ObjectVersion[]>;
}

export const ARCHIVE_CLASSES: ReadonlySet<StorageClass> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

/** An object that must be restored before it can be read. */
export function isArchived(version: ObjectVersion): boolean {
  if (ARCHIVE_CLASSES.has(version.storageClass)) return true;
  return version.storageClass === 'INTELLIGENT_TIERING' && version.archiveStatus !== undefined;
}

/** Readable now: not archived, or archived with a restored copy online. */
export function isReadable(version: ObjectVersion): boolean {
  if (!isArchived(version)) return true;
  return version.restore?.status === 'restored';
}
