/**
 * S3 restore events as Amazon EventBridge delivers them (aws-facts §5.7, UG ev-events; field
 * set AWS-recorded on 2025-01-21 for Initiated and Completed).
 *
 * - `time` and `restore-expiry-time` are ISO-8601 to the second.
 * - No `sequencer` and no `reason` in restore events (unlike Object Created/Deleted).
 * - `source-ip-address` only on Initiated; `restore-expiry-time` only on Completed.
 * - `object.key` is the RAW key, not URL-encoded. Only notification records are documented as
 *   encoded (UG notification-content-structure); every EventBridge example in UG ev-events and
 *   moto's S3→EventBridge events carry plain keys. No AWS recording of an EventBridge event for a
 *   key with special characters was found, so this is an assumption (docs/sandbox.md).
 * - Object Restore Expired: no recording or example exists; the sandbox sends the fields common
 *   to the other two (assumption).
 */
import type { RestoreEvent, RestoreEventName } from '../types.js';
import { isoSeconds } from './time.js';

export type RestoreDetailType = 'Object Restore Initiated' | 'Object Restore Completed' | 'Object Restore Expired';

export const DETAIL_TYPES: Record<RestoreEventName, RestoreDetailType> = {
  'ObjectRestore:Post': 'Object Restore Initiated',
  'ObjectRestore:Completed': 'Object Restore Completed',
  'ObjectRestore:Delete': 'Object Restore Expired',
};

/** A full EventBridge event (envelope + detail), as a rule target receives it. */
export type EventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
};

/** What S3 writes as `requester` when S3 itself caused the event (UG ev-events example). */
export const S3_SERVICE_REQUESTER = 's3.amazonaws.com';

/**
 * The EventBridge event for one restore event.
 *
 * @param id the envelope id (EventBridge assigns it; the sandbox draws it from its seed)
 * @param requestId `request-id` when the event has none of its own (completion, expiry)
 */
export function restoreEventBridgeEvent(event: RestoreEvent, id: string, requestId: string): EventBridgeEvent {
  const initiated = event.name === 'ObjectRestore:Post';
  const object: Record<string, unknown> = { key: event.object.key, size: event.object.size, etag: event.object.etag };
  if (event.object.versionId !== undefined) object['version-id'] = event.object.versionId;
  const detail: Record<string, unknown> = {
    version: '0',
    bucket: { name: event.bucket.name },
    object,
    'request-id': event.requestId || requestId,
    requester: initiated ? event.requester : S3_SERVICE_REQUESTER,
  };
  if (initiated) detail['source-ip-address'] = event.sourceIp;
  detail['source-storage-class'] = event.sourceStorageClass;
  if (event.name === 'ObjectRestore:Completed' && event.restoreExpiryTime !== undefined) {
    detail['restore-expiry-time'] = isoSeconds(event.restoreExpiryTime);
  }
  return {
    version: '0',
    id,
    'detail-type': DETAIL_TYPES[event.name],
    source: 'aws.s3',
    account: event.bucket.ownerAccountId,
    time: isoSeconds(event.time),
    region: event.bucket.region,
    resources: [`arn:aws:s3:::${event.bucket.name}`],
    detail,
  };
}

/** The Batch Operations status events and others the sandbox builds whole, as one envelope. */
export interface EnvelopeParts {
  source: string;
  detailType: string;
  /** Virtual epoch ms. */
  time: number;
  account: string;
  region: string;
  resources: string[];
  /** Any JSON object (a CloudTrail record for Batch Operations). */
  detail: object;
}

export function eventBridgeEnvelope(parts: EnvelopeParts, id: string): EventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': parts.detailType,
    source: parts.source,
    account: parts.account,
    time: isoSeconds(parts.time),
    region: parts.region,
    resources: parts.resources,
    detail: parts.detail as Record<string, unknown>,
  };
}
