/** The Lambda handlers through their factories: event shapes in, use case called, results out. */
import { describe, expect, it } from '@jest/globals';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createTrackerApp } from '../../src/app/app.js';
import { createOnCancelRequestedHandler } from '../../src/handlers/on-cancel-requested.js';
import { createOnJobCreatedHandler } from '../../src/handlers/on-job-created.js';
import { createOnRestoreEventsHandler } from '../../src/handlers/on-restore-events.js';
import { createPollBatchJobsHandler } from '../../src/handlers/poll-batch-jobs.js';
import { jobCreated, s3Event, testDeps } from '../fakes/deps.js';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function sqsRecord(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'events', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:s3-bulk-restore-tracker-dev-restore-events',
    awsRegion: 'us-east-1',
  };
}

describe('on-job-created', () => {
  it('takes the EventBridge envelope and registers the manifest', async () => {
    const deps = testDeps();
    deps.manifests.put('h1.csv', 'archive,a\narchive,b\n');
    const handler = createOnJobCreatedHandler(createTrackerApp(deps));
    const envelope = { version: '0', id: 'e1', 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', account: '123456789012', time: '2030-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: jobCreated('h1') };
    expect(await handler(envelope, context)).toEqual({ status: 'Restoring', totalObjects: 2 });
    expect(deps.bus.ofType('JobTrackingReady')).toHaveLength(1);
  });

  it('throws a ValidationError naming the field for a malformed JobCreated', async () => {
    const handler = createOnJobCreatedHandler(createTrackerApp(testDeps()));
    const detail = { ...jobCreated('h2'), tier: 'EXPEDITED' };
    await expect(handler({ 'detail-type': 'JobCreated', source: 's3-bulk-restore.jobs', detail }, context)).rejects.toMatchObject({ name: 'ValidationError', details: expect.objectContaining({ field: 'tier' }) });
    await expect(handler({ source: 'x' }, context)).rejects.toMatchObject({ code: 'InvalidEvent' });
  });
});

describe('on-cancel-requested', () => {
  it('takes the EventBridge envelope and ends the job Cancelled', async () => {
    const deps = testDeps();
    deps.manifests.put('k1.csv', 'archive,a\n');
    const app = createTrackerApp(deps);
    await app.registerManifest(jobCreated('k1'));
    const handler = createOnCancelRequestedHandler(app);
    const detail = { schemaVersion: 1, jobId: 'k1', batchJobId: 'batch-k1', requestedAt: '2030-01-01T01:00:00.000Z' };
    const envelope = { version: '0', id: 'e2', 'detail-type': 'JobCancelRequested', source: 's3-bulk-restore.jobs', account: '123456789012', time: '2030-01-01T01:00:00Z', region: 'us-east-1', resources: [], detail };
    expect(await handler(envelope, context)).toEqual({ outcome: 'cancelled' });
    expect(await handler(envelope, context)).toEqual({ outcome: 'already-finished' });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'k1', status: 'Cancelled', reason: 'cancelled by request' })]);
  });

  it('throws for a malformed request (naming the field) and for a job it does not know yet, so Lambda retries', async () => {
    const handler = createOnCancelRequestedHandler(createTrackerApp(testDeps()));
    const detail = { schemaVersion: 1, jobId: 'k2', batchJobId: 'batch-k2', requestedAt: '2030-01-01T01:00:00.000Z' };
    await expect(handler({ 'detail-type': 'JobCancelRequested', source: 's3-bulk-restore.jobs', detail: { ...detail, requestedAt: 'soon' } }, context)).rejects.toMatchObject({
      name: 'ValidationError',
      details: expect.objectContaining({ field: 'requestedAt' }),
    });
    await expect(handler({ 'detail-type': 'JobCancelRequested', source: 's3-bulk-restore.jobs', detail }, context)).rejects.toMatchObject({ code: 'JobNotFound' });
  });
});

describe('on-restore-events', () => {
  it('answers with the failed message ids (ReportBatchItemFailures)', async () => {
    const deps = testDeps();
    await deps.store.startJob({ jobId: 'q', batchJobId: 'b', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 2 });
    await deps.store.registerObjects('q', [{ line: 1, bucket: 'archive', key: 'a' }]);
    const handler = createOnRestoreEventsHandler(createTrackerApp(deps));
    const event: SQSEvent = { Records: [sqsRecord('ok', s3Event('Object Restore Initiated', 'archive', 'a')), sqsRecord('broken', 'not json')] };
    expect(await handler(event, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'broken' }] });
    expect(await handler({ Records: [sqsRecord('ok2', s3Event('Object Restore Completed', 'archive', 'a'))] }, context)).toEqual({ batchItemFailures: [] });
  });

  it('fails the whole batch when the use case throws', async () => {
    const handler = createOnRestoreEventsHandler({ recordRestoreEvents: async () => Promise.reject(new Error('boom')) });
    expect(await handler({ Records: [sqsRecord('x', '{}'), sqsRecord('y', '{}')] }, context)).toEqual({ batchItemFailures: [{ itemIdentifier: 'x' }, { itemIdentifier: 'y' }] });
  });
});

describe('poll-batch-jobs', () => {
  it('runs the poll on the schedule event', async () => {
    const deps = testDeps();
    const handler = createPollBatchJobsHandler(createTrackerApp(deps));
    expect(await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' }, context)).toEqual({ jobs: 0, described: 0, finished: 0, timedOut: 0, republished: 0, reportTasks: 0, errors: 0 });
  });
});
