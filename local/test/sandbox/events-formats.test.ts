/**
 * The restore event formats against AWS's recorded shapes (aws-facts §5.2, §5.3, §5.7, §5.8).
 */
import { describe, expect, it } from '@jest/globals';
import { restoreEventBridgeEvent } from '../../src/sandbox/events/formats/eventbridge.js';
import { recordBody, restoreRecord, testEventBody } from '../../src/sandbox/events/formats/s3-record.js';
import { decodeRecordKey, encodeRecordKey } from '../../src/sandbox/events/key-encoding.js';
import { queueMatches } from '../../src/sandbox/events/routing.js';
import type { RestoreEvent, RestoreEventName } from '../../src/sandbox/events/types.js';
import type { QueueConfiguration } from '../../src/sandbox/state/model.js';

const POSTED_AT = Date.parse('2025-01-21T20:10:05.678Z');
const COMPLETED_AT = Date.parse('2025-01-21T23:29:12.345Z');
const EXPIRES_AT = Date.parse('2025-01-23T00:00:00.000Z');

const QUEUE: QueueConfiguration = {
  Id: 'restore-events',
  QueueArn: 'arn:aws:sqs:us-east-1:111122223333:restores',
  Events: ['s3:ObjectRestore:*'],
  FilterRules: [],
};

function restoreEvent(name: RestoreEventName, overrides: Partial<RestoreEvent> = {}): RestoreEvent {
  const byS3 = name !== 'ObjectRestore:Post';
  return {
    name,
    time: name === 'ObjectRestore:Post' ? POSTED_AT : name === 'ObjectRestore:Completed' ? COMPLETED_AT : EXPIRES_AT,
    bucket: { name: 'archive-bkt', region: 'us-east-1', ownerAccountId: '111122223333' },
    notification: { QueueConfigurations: [QUEUE], EventBridgeEnabled: true },
    object: { key: 'data/report 2024.csv', size: 9, etag: '437b930db84b8079c2dd804a71936b5f', sequencer: '0000000000000007' },
    requestId: byS3 ? '' : 'N4N7GDK58NMKJ12R',
    hostId: byS3 ? '' : 'HOSTID-OF-THE-RESTORE-REQUEST',
    requester: byS3 ? 'AmazonCustomer:111122223333' : '111122223333',
    sourceIp: byS3 ? '' : '203.0.113.9',
    sourceStorageClass: 'GLACIER',
    restoreExpiryTime: name === 'ObjectRestore:Completed' ? EXPIRES_AT : undefined,
    ...overrides,
  };
}

const GENERATED = { requestId: 'GENERATEDREQ0001', hostId: 'generated-host-id' };

describe('S3 notification record (SQS body)', () => {
  it('writes a Completed record with the recorded fields, glacierEventData and the AmazonCustomer principal', () => {
    const record = restoreRecord(restoreEvent('ObjectRestore:Completed'), QUEUE, GENERATED);

    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2025-01-21T23:29:12.345Z',
      eventName: 'ObjectRestore:Completed',
      userIdentity: { principalId: 'AmazonCustomer:111122223333' },
      requestParameters: { sourceIPAddress: 's3.amazonaws.com' },
      responseElements: { 'x-amz-request-id': 'GENERATEDREQ0001', 'x-amz-id-2': 'generated-host-id' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'restore-events',
        bucket: { name: 'archive-bkt', ownerIdentity: { principalId: '111122223333' }, arn: 'arn:aws:s3:::archive-bkt' },
        object: { key: 'data/report+2024.csv', size: 9, eTag: '437b930db84b8079c2dd804a71936b5f', sequencer: '0000000000000007' },
      },
      glacierEventData: {
        restoreEventData: { lifecycleRestorationExpiryTime: '2025-01-23T00:00:00.000Z', lifecycleRestoreStorageClass: 'GLACIER' },
      },
    });
  });

  it('writes a Post record with the requester, its IP and request ids, a sequencer and no glacierEventData', () => {
    const record = restoreRecord(restoreEvent('ObjectRestore:Post'), QUEUE, GENERATED);

    expect(record.eventVersion).toBe('2.1');
    expect(record.eventName).toBe('ObjectRestore:Post');
    expect(record.eventTime).toBe('2025-01-21T20:10:05.678Z');
    expect(record.userIdentity.principalId).toBe('111122223333');
    expect(record.requestParameters.sourceIPAddress).toBe('203.0.113.9');
    expect(record.responseElements).toEqual({ 'x-amz-request-id': 'N4N7GDK58NMKJ12R', 'x-amz-id-2': 'HOSTID-OF-THE-RESTORE-REQUEST' });
    expect(record.s3.object.sequencer).toBe('0000000000000007');
    expect(record).not.toHaveProperty('glacierEventData');
  });

  it('writes a Delete record with eventVersion 2.3 and the common fields only', () => {
    const record = restoreRecord(restoreEvent('ObjectRestore:Delete'), QUEUE, GENERATED);

    expect(record.eventVersion).toBe('2.3');
    expect(record.eventName).toBe('ObjectRestore:Delete');
    expect(record.userIdentity.principalId).toBe('AmazonCustomer:111122223333');
    expect(Object.keys(record).sort()).toEqual(
      ['awsRegion', 'eventName', 'eventSource', 'eventTime', 'eventVersion', 'requestParameters', 'responseElements', 's3', 'userIdentity'].sort(),
    );
  });

  it('carries versionId only for versioned buckets', () => {
    const unversioned = restoreRecord(restoreEvent('ObjectRestore:Post'), QUEUE, GENERATED);
    const versioned = restoreRecord(restoreEvent('ObjectRestore:Post', { object: { ...restoreEvent('ObjectRestore:Post').object, versionId: 'v-1' } }), QUEUE, GENERATED);

    expect(unversioned.s3.object).not.toHaveProperty('versionId');
    expect(versioned.s3.object.versionId).toBe('v-1');
  });

  it('wraps exactly one record per message body', () => {
    const body = JSON.parse(recordBody(restoreRecord(restoreEvent('ObjectRestore:Post'), QUEUE, GENERATED))) as { Records: unknown[] };

    expect(body.Records).toHaveLength(1);
  });

  it('writes the s3:TestEvent with Service, Event, Time (ms), Bucket, RequestId, HostId and no Records', () => {
    const body = JSON.parse(testEventBody('archive-bkt', POSTED_AT, 'REQ', 'HOST')) as Record<string, unknown>;

    expect(body).toEqual({ Service: 'Amazon S3', Event: 's3:TestEvent', Time: '2025-01-21T20:10:05.678Z', Bucket: 'archive-bkt', RequestId: 'REQ', HostId: 'HOST' });
  });
});

describe('EventBridge restore events', () => {
  const envelopeKeys = ['account', 'detail', 'detail-type', 'id', 'region', 'resources', 'source', 'time', 'version'];

  it('builds Object Restore Initiated with exactly the AWS-recorded detail fields', () => {
    const event = restoreEventBridgeEvent(restoreEvent('ObjectRestore:Post'), '17793124-05d4-b198-2fde-7ededc63b103', 'UNUSED');

    expect(Object.keys(event).sort()).toEqual(envelopeKeys);
    expect(event).toMatchObject({
      version: '0',
      id: '17793124-05d4-b198-2fde-7ededc63b103',
      'detail-type': 'Object Restore Initiated',
      source: 'aws.s3',
      account: '111122223333',
      time: '2025-01-21T20:10:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::archive-bkt'],
    });
    expect(event.detail).toEqual({
      version: '0',
      bucket: { name: 'archive-bkt' },
      object: { key: 'data/report 2024.csv', size: 9, etag: '437b930db84b8079c2dd804a71936b5f' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '111122223333',
      'source-ip-address': '203.0.113.9',
      'source-storage-class': 'GLACIER',
    });
  });

  it('builds Object Restore Completed with restore-expiry-time to the second and no source IP, sequencer or reason', () => {
    const event = restoreEventBridgeEvent(restoreEvent('ObjectRestore:Completed'), 'id-1', 'GENERATEDREQ0001');

    expect(event['detail-type']).toBe('Object Restore Completed');
    expect(event.time).toBe('2025-01-21T23:29:12Z');
    expect(event.detail).toEqual({
      version: '0',
      bucket: { name: 'archive-bkt' },
      object: { key: 'data/report 2024.csv', size: 9, etag: '437b930db84b8079c2dd804a71936b5f' },
      'request-id': 'GENERATEDREQ0001',
      requester: 's3.amazonaws.com',
      'source-storage-class': 'GLACIER',
      'restore-expiry-time': '2025-01-23T00:00:00Z',
    });
  });

  it('builds Object Restore Expired with the common fields (unverified shape)', () => {
    const event = restoreEventBridgeEvent(restoreEvent('ObjectRestore:Delete'), 'id-2', 'GENERATEDREQ0002');

    expect(event['detail-type']).toBe('Object Restore Expired');
    expect(Object.keys(event.detail).sort()).toEqual(['bucket', 'object', 'request-id', 'requester', 'source-storage-class', 'version']);
  });

  it('adds version-id for versioned buckets', () => {
    const base = restoreEvent('ObjectRestore:Post');
    const event = restoreEventBridgeEvent({ ...base, object: { ...base.object, versionId: 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e' } }, 'id', 'r');

    expect((event.detail['object'] as Record<string, unknown>)['version-id']).toBe('IYV3p45BT0ac8hjHg1houSdS1a.Mro8e');
  });
});

describe('object keys', () => {
  it.each([
    ['red flower.jpg', 'red+flower.jpg'],
    ['a@b', 'a%40b'],
    ['this im + age blah.txt', 'this+im+%2B+age+blah.txt'],
    ['testupload/dir1/testfile.txt', 'testupload/dir1/testfile.txt'],
    ['photos/my summer (1).jpg', 'photos/my+summer+%281%29.jpg'],
    ['100%/ü ✓', '100%25/%C3%BC+%E2%9C%93'],
  ])('encodes %j as %j in records and decodes it back', (raw, encoded) => {
    expect(encodeRecordKey(raw)).toBe(encoded);
    expect(decodeRecordKey(encoded)).toBe(raw);
  });

  it('puts the encoded key in records and the raw key in EventBridge events', () => {
    const event = restoreEvent('ObjectRestore:Post', { object: { ...restoreEvent('ObjectRestore:Post').object, key: 'a b+c' } });

    expect(restoreRecord(event, QUEUE, GENERATED).s3.object.key).toBe('a+b%2Bc');
    expect((restoreEventBridgeEvent(event, 'id', 'r').detail['object'] as Record<string, unknown>)['key']).toBe('a b+c');
  });
});

describe('queue configuration matching', () => {
  const config = (Events: string[], FilterRules: QueueConfiguration['FilterRules'] = []): QueueConfiguration => ({ ...QUEUE, Events, FilterRules });

  it('selects by wildcard or exact restore event type', () => {
    expect(queueMatches(config(['s3:ObjectRestore:*']), 'ObjectRestore:Delete', 'k')).toBe(true);
    expect(queueMatches(config(['s3:ObjectRestore:Completed']), 'ObjectRestore:Completed', 'k')).toBe(true);
    expect(queueMatches(config(['s3:ObjectRestore:Completed']), 'ObjectRestore:Post', 'k')).toBe(false);
    expect(queueMatches(config(['s3:ObjectCreated:*']), 'ObjectRestore:Post', 'k')).toBe(false);
  });

  it('applies prefix and suffix rules to the raw key, reading + in a rule as a space', () => {
    const rules = config(['s3:ObjectRestore:*'], [
      { Name: 'prefix', Value: 'data/red+' },
      { Name: 'suffix', Value: '.jpg' },
    ]);

    expect(queueMatches(rules, 'ObjectRestore:Post', 'data/red flower.jpg')).toBe(true);
    expect(queueMatches(rules, 'ObjectRestore:Post', 'data/red flower.png')).toBe(false);
    expect(queueMatches(rules, 'ObjectRestore:Post', 'other/red flower.jpg')).toBe(false);
  });
});
