/**
 * The tracker's DynamoDB layout (docs/architecture.md, "Tables"), in one place: key builders and
 * the persisted item shapes. Persisted names are spelled out; keys are decoded raw S3 keys.
 *
 * - ObjectsTable `OBJ#<sha1(bucket\0key)>` / `JOB#<jobId>#V#<versionId or *>`: one item per
 *   job × object; GSI1 `JOB#<jobId>` / `<state>#<pk>` lists a job's objects by state.
 * - EventLogTable `LOG#<jobId>#<shard>` / `<eventId>`: the append-only log.
 * - ProgressTable `JOB#<jobId>` / `META` (status, totals, outcome; sparse GSI1
 *   `activePk=ACTIVE`, `activeSk=<createdAt>#<jobId>` while active) and `JOB#<jobId>` /
 *   `SHARD#<n>` (counter deltas per object state).
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

/** A job's partition in the ProgressTable (META and shards). */
export function jobPk(jobId: string): string {
  return `JOB#${jobId}`;
}

/** The key of a job's META item. */
export function metaKey(jobId: string): ItemKey {
  return { pk: jobPk(jobId), sk: 'META' };
}

/** The key of a job's counter shard. */
export function shardKey(jobId: string, shard: number): ItemKey {
  return { pk: jobPk(jobId), sk: `SHARD#${shard}` };
}

/** ObjectsTable's index of a job's objects by state (`gsi1pk`, `gsi1sk`). */
export const OBJECTS_BY_STATE_INDEX = 'GSI1';

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
  gsi1pk: string;
  gsi1sk: string;
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
