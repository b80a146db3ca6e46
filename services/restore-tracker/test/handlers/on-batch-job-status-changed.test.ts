/** The JobStatusChanged handler through its factory: the CloudTrail service event in, the use case called, its result out. */
import { describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { createTrackerApp } from '../../src/app/app.js';
import { createOnBatchJobStatusChangedHandler } from '../../src/handlers/on-batch-job-status-changed.js';
import { jobCreated, testDeps } from '../fakes/deps.js';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

/** A `JobStatusChanged` as EventBridge delivers it (the shape of AWS's example in UG batch-ops-examples-event-bridge-cloud-trail). */
function statusEvent(jobId: string, status: string, failureCodes: string[] = []) {
  return {
    version: '0',
    id: '5d1e0c6a-7a51-4c4b-93f2-0f3c9b1e2d44',
    'detail-type': 'AWS Service Event via CloudTrail',
    source: 'aws.s3',
    account: '111122223333',
    time: '2030-01-01T01:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { accountId: '111122223333', invokedBy: 's3.amazonaws.com' },
      eventTime: '2030-01-01T01:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'JobStatusChanged',
      awsRegion: 'us-east-1',
      sourceIPAddress: 's3.amazonaws.com',
      userAgent: 's3.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      eventID: '0c2f7d9e-3b4a-4f61-8e2d-5a6b7c8d9e0f',
      readOnly: false,
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: '111122223333',
      serviceEventDetails: { jobId, jobArn: `arn:aws:s3:us-east-1:111122223333:job/${jobId}`, status, jobEventId: '6f0e2c8b1a3d4e5f6a7b8c9d0e1f2a3b', failureCodes, statusChangeReason: [] },
      eventCategory: 'Management',
    },
  };
}

describe('on-batch-job-status-changed', () => {
  it('takes the CloudTrail service event and ends the job of a failed Batch job, once', async () => {
    const deps = testDeps();
    deps.manifests.put('s1.csv', 'archive,a\narchive,b\n');
    const app = createTrackerApp(deps);
    await app.registerManifest(jobCreated('s1'));
    deps.batchJobs.jobs.set('batch-s1', { status: 'Failed', failureReasons: [{ code: 'ManifestParseError', message: 'line 2' }], tasks: { total: 0, succeeded: 0, failed: 0 } });
    const handler = createOnBatchJobStatusChangedHandler(app);

    expect(await handler(statusEvent('batch-s1', 'Failed', ['ManifestParseError']), context)).toEqual({ outcome: 'finished', jobId: 's1', reportTasks: 0 });
    expect(await handler(statusEvent('batch-s1', 'Failed', ['ManifestParseError']), context)).toEqual({ outcome: 'not-tracked' });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 's1', status: 'Failed', failures: [{ code: 'ManifestParseError', message: 'line 2' }] })]);
  });

  it('throws a ValidationError naming the field for an event that is not a JobStatusChanged, so it is not taken for one', async () => {
    const handler = createOnBatchJobStatusChangedHandler(createTrackerApp(testDeps()));
    const event = statusEvent('batch-s2', 'Failed');
    await expect(handler({ ...event, detail: { ...event.detail, eventName: 'JobCreated' } }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      code: 'InvalidEvent',
      details: expect.objectContaining({ field: 'detail.eventName' }),
    });
    const { jobId: _omitted, ...withoutJobId } = event.detail.serviceEventDetails;
    await expect(handler({ ...event, detail: { ...event.detail, serviceEventDetails: withoutJobId } }, context)).rejects.toMatchObject({
      details: expect.objectContaining({ field: 'detail.serviceEventDetails.jobId' }),
    });
  });
});
