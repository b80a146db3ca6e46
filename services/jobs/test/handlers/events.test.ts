/** The EventBridge handlers through their factories, with full envelopes as Lambda receives them. */
import { describe, expect, it } from '@jest/globals';
import { createConfirmReadyHandler } from '../../src/handlers/confirm-ready.js';
import { createOnTrackerEventHandler } from '../../src/handlers/on-tracker-event.js';
import { createOnTrackingReadyHandler } from '../../src/handlers/on-tracking-ready.js';
import { appHarness, createBody } from '../support/app-harness.js';
import { envelope, progressed, trackingReady } from '../support/fixtures.js';
import { lambdaContext } from '../support/lambda-events.js';

const quiet = () => undefined;

describe('on-tracking-ready', () => {
  it('confirms the Batch job named by a JobTrackingReady envelope', async () => {
    const h = appHarness();
    const { BulkJobId } = await h.app.createJob(createBody());
    const job = (await h.store.get(BulkJobId))!;
    const handler = createOnTrackingReadyHandler(h.app, quiet);
    const out = await handler(envelope('JobTrackingReady', trackingReady(job, 5)), lambdaContext());
    expect(out).toEqual({ outcome: 'confirmed', jobId: BulkJobId });
    expect(h.batch.jobs[0]!.status).toBe('Ready');
  });

  it('an invalid detail throws InvalidEvent (so the event ends in the DLQ), confirming nothing', async () => {
    const h = appHarness();
    const handler = createOnTrackingReadyHandler(h.app, quiet);
    await expect(handler(envelope('JobTrackingReady', { schemaVersion: 1, jobId: 'x' }), lambdaContext())).rejects.toMatchObject({ code: 'InvalidEvent' });
    expect(h.batch.confirmCalls).toEqual([]);
  });
});

describe('on-tracker-event', () => {
  it('applies each tracker event to the read model and logs one line per event', async () => {
    const h = appHarness();
    const { BulkJobId } = await h.app.createJob(createBody());
    const job = (await h.store.get(BulkJobId))!;
    const lines: Array<Record<string, unknown>> = [];
    const handler = createOnTrackerEventHandler(h.app, (line) => void lines.push(line));
    await handler(envelope('JobTrackingReady', trackingReady(job, 100)), lambdaContext());
    const out = await handler(envelope('JobProgressed', progressed(job, { restored: 30, restoring: 70 }, { seconds: 50, percent: 30 })), lambdaContext());
    expect(out.update).toEqual({ applied: true, status: 'Restoring' });
    expect((await h.app.getJob(BulkJobId)).ProgressPercent).toBe(30);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 'INFO', detailType: 'JobProgressed', jobId: BulkJobId });
  });
});

describe('confirm-ready', () => {
  it('runs the sweep on a scheduled event', async () => {
    const h = appHarness();
    const { BulkJobId } = await h.app.createJob(createBody());
    const job = (await h.store.get(BulkJobId))!;
    await h.app.onTrackerEvent(envelope('JobTrackingReady', trackingReady(job, 1)));
    const scheduled = {
      version: '0',
      id: 'cdc73f9d-aea9-11e3-9d5a-835b769c0d9c',
      'detail-type': 'Scheduled Event' as const,
      source: 'aws.events' as const,
      account: '123456789012',
      time: '2026-11-26T17:05:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:123456789012:rule/confirm-ready'],
      detail: {},
    };
    expect(await createConfirmReadyHandler(h.app, quiet)(scheduled, lambdaContext())).toEqual({ confirmed: [BulkJobId], pending: [] });
  });
});
