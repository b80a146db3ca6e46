/** The handler only validates the envelope and its detail, then calls the use case. */
import { beforeEach, describe, expect, it } from '@jest/globals';
import type { Context } from 'aws-lambda';
import { createOnJobEvent } from '../../src/app/on-job-event.js';
import { createOnJobEventHandler, handler } from '../../src/handlers/on-job-event.js';
import { ManualClock } from '../support/clock.js';
import { envelope, jobCreated, jobFinished, jobProgressed, newJobId } from '../support/fixtures.js';
import { InMemoryNotificationLedger } from '../support/in-memory-ledger.js';
import { RecordingSink } from '../support/recording-sink.js';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('on-job-event handler', () => {
  let sink: RecordingSink;
  let handle: ReturnType<typeof createOnJobEventHandler>;
  let jobId: string;

  beforeEach(() => {
    sink = new RecordingSink();
    handle = createOnJobEventHandler({ onJobEvent: createOnJobEvent({ ledger: new InMemoryNotificationLedger({ now: new ManualClock().now }), sink }) });
    jobId = newJobId();
  });

  it('takes the three detail-types in their EventBridge envelopes', async () => {
    expect(await handle(envelope('JobCreated', jobCreated(jobId), 's3-bulk-restore.jobs'), context)).toEqual({ kind: 'settings-saved', jobId });
    expect(await handle(envelope('JobProgressed', jobProgressed(jobId, 33)), context)).toEqual({ kind: 'notified', eventId: `${jobId}:threshold:30`, attempt: 1 });
    expect(await handle(envelope('JobFinished', jobFinished(jobId)), context)).toEqual({ kind: 'notified', eventId: `${jobId}:finished`, attempt: 1 });
    expect(sink.eventIds()).toEqual([`${jobId}:threshold:30`, `${jobId}:finished`]);
  });

  it('refuses an envelope without a detail-type, naming the field', async () => {
    const { 'detail-type': _drop, ...bad } = envelope('JobProgressed', jobProgressed(jobId, 33));
    await expect(handle(bad, context)).rejects.toMatchObject({ name: 'ValidationError', code: 'InvalidEvent', details: { field: 'detail-type' } });
  });

  it('refuses a detail that breaks its contract, naming the field', async () => {
    const detail = { ...jobProgressed(jobId, 33), progressPercent: '33' };
    await expect(handle(envelope('JobProgressed', detail), context)).rejects.toMatchObject({ name: 'ValidationError', code: 'InvalidEvent', details: { field: 'progressPercent' } });
    const finished = { ...jobFinished(jobId), status: 'Done' };
    await expect(handle(envelope('JobFinished', finished), context)).rejects.toMatchObject({ code: 'InvalidEvent', details: { field: 'status' } });
    expect(sink.sent).toEqual([]);
  });

  it('refuses a detail-type it does not handle', async () => {
    await expect(handle(envelope('JobTrackingReady', { jobId }), context)).rejects.toMatchObject({ code: 'UnsupportedEvent', details: { field: 'detail-type' } });
  });

  it('the deployed handler reads its configuration on the first invocation, not at import', async () => {
    // Importing the module above did not throw although the notifier's variables are not set here.
    expect(process.env['NOTIFIER_TABLE']).toBeUndefined();
    await expect(handler(envelope('JobCreated', jobCreated(jobId)), context)).rejects.toMatchObject({ code: 'ConfigError', details: { variable: 'NOTIFIER_TABLE' } });
  });
});
