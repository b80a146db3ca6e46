/** The JobStatusChanged contract: what the tracker relies on is checked, everything else AWS sends (or adds later) passes. */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '../index.js';

/** The fields of AWS's published example (UG batch-ops-examples-event-bridge-cloud-trail), with values of our own. */
const event = {
  version: '0',
  id: 'a3c1e9f0-2b7d-4e58-9c16-7d0f3b2a1e55',
  'detail-type': 'AWS Service Event via CloudTrail',
  source: 'aws.s3',
  account: '111122223333',
  time: '2030-03-04T05:06:07Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventVersion: '1.05',
    userIdentity: { accountId: '111122223333', invokedBy: 's3.amazonaws.com' },
    eventTime: '2030-03-04T05:06:07Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'JobStatusChanged',
    awsRegion: 'eu-west-1',
    sourceIPAddress: 's3.amazonaws.com',
    userAgent: 's3.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    eventID: '7e4b2d10-95c3-4a8f-b1e6-0c9d8a7f6e21',
    readOnly: false,
    eventType: 'AwsServiceEvent',
    recipientAccountId: '111122223333',
    serviceEventDetails: {
      jobId: '3f9a7c2e-1d4b-4e6a-8b0c-5e2f1a9d7c63',
      jobArn: 'arn:aws:s3:eu-west-1:111122223333:job/3f9a7c2e-1d4b-4e6a-8b0c-5e2f1a9d7c63',
      status: 'Complete',
      jobEventId: '0d4c8b2a6e1f3a5c7b9d2e4f6a8c0b1d',
      failureCodes: [],
      statusChangeReason: [],
    },
  },
};

describe('BatchJobStatusChangedEvent', () => {
  it('accepts the event as AWS documents it, and fields it may add', () => {
    expect(contracts.batchJobStatusChanged.is(event)).toBe(true);
    expect(contracts.batchJobStatusChanged.is({ ...event, detail: { ...event.detail, managementEvent: true, eventCategory: 'Management', sharedEventID: 'x' } })).toBe(true);
    const withoutLists = { ...event.detail.serviceEventDetails, status: 'Paused' } as Record<string, unknown>;
    delete withoutLists['failureCodes'];
    delete withoutLists['statusChangeReason'];
    expect(contracts.batchJobStatusChanged.is({ ...event, detail: { ...event.detail, serviceEventDetails: withoutLists } })).toBe(true);
  });

  it('refuses another CloudTrail event, a job id S3 Control could not have issued, and failure codes that are not strings', () => {
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, detail: { ...event.detail, eventName: 'JobCreated' } })).toThrow(/detail\.eventName/);
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, detail: { ...event.detail, eventSource: 'ec2.amazonaws.com' } })).toThrow(/detail\.eventSource/);
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, 'detail-type': 'Object Restore Completed' })).toThrow(/detail-type/);
    const details = event.detail.serviceEventDetails;
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, detail: { ...event.detail, serviceEventDetails: { ...details, jobId: 'a/b/c/d' } } })).toThrow(/jobId/);
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, detail: { ...event.detail, serviceEventDetails: { ...details, status: '' } } })).toThrow(/status/);
    expect(() => contracts.batchJobStatusChanged.parse({ ...event, detail: { ...event.detail, serviceEventDetails: { ...details, failureCodes: [42] } } })).toThrow(/failureCodes/);
  });
});
