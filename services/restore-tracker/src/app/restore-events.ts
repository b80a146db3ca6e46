/**
 * S3's EventBridge restore events, read at the edge: validated against their contract, the key
 * taken raw (EventBridge does not encode it), the version id kept only when it names a version,
 * and a deterministic id per job so a redelivered or duplicated event is logged once.
 */
import { createHash } from 'node:crypto';
import { DETAIL_TYPES, ValidationError, contracts, eventBridgeKey } from '@s3-bulk-restore/shared';
import type { ObjectEventType, ObjectRef } from '@s3-bulk-restore/shared';

/** One S3 restore fact, before we know which jobs wait on it. */
export interface RestoreFact {
  ref: ObjectRef;
  type: ObjectEventType;
  detailType: string;
  requestId?: string;
  restoreExpiryTime?: string;
  /** The object's size in bytes, as the event says it. */
  size?: number;
  /** The event's `time`. */
  time: string;
}

const TYPE_OF: Record<string, ObjectEventType> = {
  [DETAIL_TYPES.s3RestoreInitiated]: 'RestoreInitiated',
  [DETAIL_TYPES.s3RestoreCompleted]: 'RestoreCompleted',
  [DETAIL_TYPES.s3RestoreExpired]: 'RestoreExpired',
};

/**
 * Read one queue message body: the EventBridge event as the rule's SQS target delivered it.
 *
 * @throws ValidationError `MalformedJson` (field `body`) or `InvalidEvent` naming the field
 */
export function parseRestoreEvent(body: string): RestoreFact {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ValidationError('MalformedJson', `The message body is not JSON: ${(error as Error).message}`, { field: 'body' });
  }
  const event = contracts.s3RestoreEvent.parse(value);
  const detailType = event['detail-type'];
  const object = event.detail.object;
  // Unversioned buckets send "version-id": "null" (moto records it so); that names no version.
  const version = object['version-id'];
  const ref: ObjectRef = {
    bucket: event.detail.bucket.name,
    key: eventBridgeKey(object.key),
    ...(version && version !== 'null' ? { versionId: version } : {}),
  };
  return {
    ref,
    type: TYPE_OF[detailType] as ObjectEventType,
    detailType,
    requestId: event.detail['request-id'],
    restoreExpiryTime: event.detail['restore-expiry-time'],
    ...(object.size === undefined ? {} : { size: object.size }),
    time: event.time,
  };
}

/**
 * The log id of a fact for one job: SHA-256 of everything that makes the fact what it is, and
 * nothing that changes on redelivery (EventBridge's own `id` may differ between copies).
 */
export function restoreEventId(jobId: string, fact: RestoreFact): string {
  const parts = [jobId, fact.detailType, fact.ref.bucket, fact.ref.key, fact.ref.versionId ?? '', fact.requestId ?? '', fact.restoreExpiryTime ?? '', fact.time];
  return createHash('sha256').update(JSON.stringify(parts), 'utf8').digest('hex');
}
