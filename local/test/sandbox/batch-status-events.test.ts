/**
 * The sandbox's Batch Operations status events: one `JobStatusChanged` per status a job enters, in
 * the CloudTrail service-event form S3 sends to EventBridge (aws-facts §6.7), with the failure
 * codes and reasons on Failing/Failed and the caller's reason on a cancel. Each one is what the
 * restore-tracker's contract accepts.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { UpdateJobStatusCommand } from '@aws-sdk/client-s3-control';
import { contracts } from '@s3-bulk-restore/shared';
import { writeObject } from '../../src/sandbox/state/objects.js';
import type { BatchHarness } from './batch-support.js';
import { ACCOUNT, createBuckets, createJob, describeJob, putManifest, putObjects, restoreJob, startBatchSandbox } from './batch-support.js';

let h: BatchHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The EventBridge events the sandbox delivered for `jobId`, in delivery order. */
function eventsOf(harness: BatchHarness, jobId: string): Array<Record<string, unknown> & { detail: Record<string, unknown> & { serviceEventDetails: Record<string, unknown> } }> {
  return harness.deliveries.flatMap((d) => {
    if (d.kind !== 'eventbridge') return [];
    const detail = d.event['detail'] as { serviceEventDetails?: { jobId?: string } };
    return detail.serviceEventDetails?.jobId === jobId ? [d.event as never] : [];
  });
}

describe('Batch Operations status events', () => {
  it('sends one JobStatusChanged per status up to Failed, with the failure codes and reasons on Failing and Failed', async () => {
    h = await startBatchSandbox({ faults: { batch: { taskFailureRate: 1 } } });
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    const { s3: state, clock } = h.sandbox.context;
    const bucket = state.bucket('archive');
    const keys = Array.from({ length: 1000 }, (_, i) => `cold/${String(i).padStart(4, '0')}`);
    for (const key of keys) writeObject(state, bucket, { key, body: Buffer.from(key), storageClass: 'GLACIER' }, clock.now(), 7);
    const etag = await putManifest(h.s3, 'manifests', 'm.csv', keys.map((key) => ['archive', key] as [string, string]));
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/m.csv', etag));

    h.sandbox.clock.advance(10_000);
    await h.sandbox.context.events.flush();

    const described = await describeJob(h.control, id);
    expect(described.Status).toBe('Failed');
    const reason = described.FailureReasons![0]!.FailureReason!;
    const events = eventsOf(h, id);
    expect(events.map((e) => [e.detail['eventName'], e.detail.serviceEventDetails['status']])).toEqual([
      ['JobCreated', 'New'],
      ['JobStatusChanged', 'Preparing'],
      ['JobStatusChanged', 'Ready'],
      ['JobStatusChanged', 'Active'],
      ['JobStatusChanged', 'Failing'],
      ['JobStatusChanged', 'Failed'],
    ]);
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({
      source: 'aws.s3',
      'detail-type': 'AWS Service Event via CloudTrail',
      account: ACCOUNT,
      region: 'us-east-1',
      detail: {
        eventSource: 's3.amazonaws.com',
        eventName: 'JobStatusChanged',
        eventType: 'AwsServiceEvent',
        serviceEventDetails: {
          jobId: id,
          jobArn: `arn:aws:s3:us-east-1:${ACCOUNT}:job/${id}`,
          status: 'Failed',
          failureCodes: ['TaskFailureThresholdExceeded'],
          statusChangeReason: [reason],
        },
      },
    });
    expect(reason).toBe('More than 50% of the 1000 tasks run so far failed (threshold checked after 1000 tasks).');
    expect(events[1]!.detail.serviceEventDetails).toMatchObject({ status: 'Preparing', failureCodes: [], statusChangeReason: [] });
    // Each event its own: CloudTrail event ids and Batch job event ids differ.
    expect(new Set(events.map((e) => e.detail['eventID'])).size).toBe(6);
    expect(new Set(events.map((e) => e.detail.serviceEventDetails['jobEventId'])).size).toBe(6);
    for (const event of events.slice(1)) expect(contracts.batchJobStatusChanged.parse(event).detail.serviceEventDetails.jobId).toBe(id);
  });

  it('sends Suspended, then Cancelling with the caller’s reason, then Cancelled', async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['a', 'b']);
    const etag = await putManifest(h.s3, 'manifests', 'm.csv', [['archive', 'a'], ['archive', 'b']]);
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/m.csv', etag, { ConfirmationRequired: true }));
    h.sandbox.clock.advance(10_000);

    await h.control.send(new UpdateJobStatusCommand({ AccountId: ACCOUNT, JobId: id, RequestedJobStatus: 'Cancelled', StatusUpdateReason: 'no longer needed' }));
    h.sandbox.clock.advance(10_000);
    await h.sandbox.context.events.flush();

    const changes = eventsOf(h, id).map((e) => e.detail.serviceEventDetails);
    expect(changes.map((d) => [d['status'], d['failureCodes'], d['statusChangeReason']])).toEqual([
      ['New', [], []],
      ['Preparing', [], []],
      ['Suspended', [], []],
      ['Cancelling', [], ['no longer needed']],
      ['Cancelled', [], []],
    ]);
  });
});
