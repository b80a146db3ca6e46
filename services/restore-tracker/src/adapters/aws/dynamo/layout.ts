/**
 * The tracker's DynamoDB layout (docs/architecture.md, "Tables"), in one place: key builders and
 * the persisted item shapes. Persisted names are spelled out; keys are decoded raw S3 keys.
 *
 * - ObjectsTable `OBJ#<sha1(bucket\0key)>` / `JOB#<jobId>#V#<versionId or *>`: one item per
 *   job × object (state, shard, line, failure, restored-copy expiry); GSI1 `JOB#<jobId>#<k>` /
 *   `<state>#<pk>` lists a job's objects by state, spread over index shards
 *   k = shard mod min(counterShards, {@link OBJECT_INDEX_SHARDS}) so that neither registration nor
 *   a burst of transitions writes one index key beyond a partition's 1,000 WCU/s.
 * - EventLogTable `LOG#<jobId>#<shard>` / `<eventId>`: the append-only log.
 * - ProgressTable `JOB#<jobId>` / `META` (status, totals, outcome; sparse GSI1
 *   `activePk=ACTIVE`, `activeSk=<createdAt>#<jobId>` while active); `JOB#<jobId>#SHARD#<n>` /
 *   `COUNTER` (counter deltas per object state, `expired` and `bytes_<state>`; each shard its own partition key,
 *   and a transaction moves exactly one, chosen per transaction); `JOB#<jobId>#RANGES` /
 *   `RANGE#<count>#<index>` (what each range of a fanned-out registration found).
 *
 * docs/architecture.md, "Counter shards under a burst", has the arithmetic behind the shard counts.
 */
import { objectKeyHash } from '@s3-bulk-restore/shared';
import type { ObjectRef, ObjectState } from '@s3-bulk-restore/shared';
import type { BatchTasks, Failure, JobOutcome, ManifestLocation, TrackingReady } from '../../../app/ports.js';

/** The three table names (from OBJECTS_TABLE, EVENT_LOG_TABLE, PROGRESS_TABLE). */
export interface DynamoTrackerTables {
  objects: string;
  eventLog: string;
  progress: string;
}

/** The primary key of every table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** The one partition of the sparse active-job index. */
export const ACTIVE = 'ACTIVE';
/** ProgressTable's index of active jobs. */
export const ACTIVE_INDEX = 'GSI1';

/** The key of a job × object item. */
export function objectItemKey(jobId: string, ref: ObjectRef): ItemKey {
  return { pk: `OBJ#${objectKeyHash(ref.bucket, ref.key)}`, sk: `JOB#${jobId}#V#${ref.versionId ?? '*'}` };
}

/** The log partition of a job's shard (spreads a big job's log over partitions). */
export function logPk(jobId: string, shard: number): string {
  return `LOG#${jobId}#${shard}`;
}

/** A job's META partition in the ProgressTable. */
export function jobPk(jobId: string): string {
  return `JOB#${jobId}`;
}

/** The partition of a job's registration ranges in the ProgressTable (apart from META and the shards). */
export function rangesPk(jobId: string): string {
  return `JOB#${jobId}#RANGES`;
}

/** The key of a job's META item. */
export function metaKey(jobId: string): ItemKey {
  return { pk: jobPk(jobId), sk: 'META' };
}

/**
 * The key of a job's counter shard: a partition key of its own, so that the shards of one job
 * spread over partitions instead of sharing the 1,000 WCU/s of one.
 */
export function shardKey(jobId: string, shard: number): ItemKey {
  return { pk: `JOB#${jobId}#SHARD#${shard}`, sk: 'COUNTER' };
}

/** ObjectsTable's index of a job's objects by state (`gsi1pk`, `gsi1sk`). */
export const OBJECTS_BY_STATE_INDEX = 'GSI1';

/**
 * The most index partitions a job's objects are spread over (a job with fewer counter shards
 * uses one per shard). 128 keeps a registration at DynamoDB's default table quota of 40,000
 * writes/s to ≈ 310 WCU/s per index key; a listing reads at most this many partitions per state.
 */
export const OBJECT_INDEX_SHARDS = 128;

/** How many index partitions a job with `counterShards` shards has. */
export function objectIndexShards(counterShards: number): number {
  return Math.min(counterShards, OBJECT_INDEX_SHARDS);
}

/** GSI1 partition key of a job's index shard `indexShard`. */
export function objectsByStatePk(jobId: string, indexShard: number): string {
  return `JOB#${jobId}#${indexShard}`;
}

/** GSI1 sort key of an object item: its state first, to list a job's objects by state. */
export function objectsByStateSk(state: ObjectState, pk: string): string {
  return `${state}#${pk}`;
}

/** A job × object item of the ObjectsTable. */
export interface ObjectItem extends ItemKey {
  jobId: string;
  bucket: string;
  objectKey: string;
  versionId?: string;
  objectId: string;
  state: ObjectState;
  shard: number;
  line: number;
  failure?: Failure;
  /** When the restored copy expires (ISO-8601); see app/expiry.ts. */
  expiresAt?: string;
  /** When S3 said the restored copy expired; the object counts in its shard's `expired` meanwhile. */
  expiredAt?: string;
  /** Its size, once an event or the sweep said it; counted in its shard's `bytes_<state>` from then on. */
  size?: number;
  gsi1pk: string;
  gsi1sk: string;
}

/** A counter shard item: signed deltas per object state (from `registeredBase`) and of `expired`. */
export type ShardItem = ItemKey & Partial<Record<ObjectState | 'expired' | BytesAttribute, number>>;

/** The shard attribute holding the bytes of the objects in `state` whose size is known (app/sizes.ts). */
export type BytesAttribute = `bytes_${ObjectState}`;
export function bytesAttribute(state: ObjectState): BytesAttribute {
  return `bytes_${state}`;
}

/** The META item of the ProgressTable. */
export interface MetaItem extends ItemKey {
  jobId: string;
  batchJobId: string;
  createdAt: string;
  manifest: ManifestLocation;
  counterShards: number;
  status: string;
  publishedPercent: number;
  /** Objects start `registered`; the shards hold deltas from this base (set when tracking is ready). */
  registeredBase?: number;
  totalObjects?: number;
  ready?: TrackingReady;
  outcome?: JobOutcome;
  finishPublished?: boolean;
  batchStatus?: string;
  batchFailureReasons?: Failure[];
  batchTasks?: BatchTasks;
  batchStatusAt?: string;
  /** When the job times out (ISO-8601). */
  deadline?: string;
  activePk?: string;
  activeSk?: string;
}

/** The object reference an item tracks. */
export function refOfItem(item: ObjectItem): ObjectRef {
  return item.versionId ? { bucket: item.bucket, key: item.objectKey, versionId: item.versionId } : { bucket: item.bucket, key: item.objectKey };
}

/** `ItemKey` as one string, for maps. */
export function keyString(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
