/**
 * S3 event notification records as an SQS queue receives them (aws-facts §5.2, §5.3, §5.5):
 * the message body is `{"Records":[record]}` with exactly one record.
 *
 * AWS-recorded (2025-01-21): `eventVersion` "2.1" for Post and Completed, `sequencer` present on
 * both, Completed's principal is `AmazonCustomer:<bucket owner>` and only Completed carries
 * `glacierEventData`. From the User Guide: "2.3" for restore Delete, key form-URL-encoded.
 * Assumed: the contents of Delete records beyond the common fields; `sourceIPAddress`
 * `s3.amazonaws.com` when S3 itself caused the event (AWS Lambda Powertools' S3 model accepts
 * that value; AWS's recorded address differs and is not published).
 */
import type { QueueConfiguration } from '../../state/model.js';
import { encodeRecordKey } from '../key-encoding.js';
import type { RestoreEvent } from '../types.js';
import { S3_SERVICE_REQUESTER } from './eventbridge.js';
import { isoMillis } from './time.js';

/** Request ids for events S3 caused itself (completion, expiry), which carry none. */
export interface GeneratedIds {
  requestId: string;
  hostId: string;
}

export type S3EventRecord = {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; versionId?: string; sequencer: string };
  };
  glacierEventData?: { restoreEventData: { lifecycleRestorationExpiryTime?: string; lifecycleRestoreStorageClass: string } };
};

export function restoreRecord(event: RestoreEvent, configuration: QueueConfiguration, ids: GeneratedIds): S3EventRecord {
  const byRequester = event.name === 'ObjectRestore:Post';
  const { key, size, etag, versionId, sequencer } = event.object;
  // versionId only for versioning-enabled buckets (the User Guide says "otherwise null"; recordings omit it).
  const object = { key: encodeRecordKey(key), size, eTag: etag, ...(versionId === undefined ? {} : { versionId }), sequencer };
  const record: S3EventRecord = {
    eventVersion: event.name === 'ObjectRestore:Delete' ? '2.3' : '2.1',
    eventSource: 'aws:s3',
    awsRegion: event.bucket.region,
    eventTime: isoMillis(event.time),
    eventName: event.name,
    userIdentity: { principalId: byRequester ? event.requester : `AmazonCustomer:${event.bucket.ownerAccountId}` },
    requestParameters: { sourceIPAddress: (byRequester && event.sourceIp) || S3_SERVICE_REQUESTER },
    responseElements: { 'x-amz-request-id': event.requestId || ids.requestId, 'x-amz-id-2': event.hostId || ids.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: configuration.Id,
      bucket: {
        name: event.bucket.name,
        ownerIdentity: { principalId: event.bucket.ownerAccountId },
        arn: `arn:aws:s3:::${event.bucket.name}`,
      },
      object,
    },
  };
  if (event.name === 'ObjectRestore:Completed') {
    // Intelligent-Tiering restores have no temporary copy, so no expiry time (assumed: the field is left out).
    const expiry = event.restoreExpiryTime;
    record.glacierEventData = {
      restoreEventData:
        expiry === undefined
          ? { lifecycleRestoreStorageClass: event.sourceStorageClass }
          : { lifecycleRestorationExpiryTime: isoMillis(expiry), lifecycleRestoreStorageClass: event.sourceStorageClass },
    };
  }
  return record;
}

/** The SQS message body for one record. */
export function recordBody(record: S3EventRecord): string {
  return JSON.stringify({ Records: [record] });
}

/**
 * The `s3:TestEvent` message S3 sends to each queue when a notification configuration is saved
 * (aws-facts §5.3): not a `Records` envelope; consumers must recognise and drop it.
 */
export function testEventBody(bucketName: string, time: number, requestId: string, hostId: string): string {
  return JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: isoMillis(time), Bucket: bucketName, RequestId: requestId, HostId: hostId });
}
