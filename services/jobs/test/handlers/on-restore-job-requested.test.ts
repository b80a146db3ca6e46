/** The bus command's handler through its factory, with the envelope Lambda receives from an EventBridge rule. */
import { describe, expect, it } from '@jest/globals';
import { createOnRestoreJobRequestedHandler } from '../../src/handlers/on-restore-job-requested.js';
import { appHarness, createBody } from '../support/app-harness.js';
import { envelope } from '../support/fixtures.js';
import { lambdaContext } from '../support/lambda-events.js';

describe('on-restore-job-requested', () => {
  it('hands the event id, source and detail to the use case and logs one line with the outcome', async () => {
    const h = appHarness();
    const lines: Array<Record<string, unknown>> = [];
    const handler = createOnRestoreJobRequestedHandler(h.app, (line) => void lines.push(line));
    const event = envelope('RestoreJobRequested', createBody(), 'com.example.archive-portal');

    const outcome = await handler(event, lambdaContext());

    expect(outcome).toMatchObject({ outcome: 'created', batchJobId: 'batch-0001' });
    expect(h.store.jobs.size).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', eventId: event.id, source: 'com.example.archive-portal', outcome: 'created' })]);
  });

  it('answers a refused command with JobRejected and returns normally (no Lambda retry)', async () => {
    const h = appHarness();
    const handler = createOnRestoreJobRequestedHandler(h.app, () => undefined);
    const event = envelope('RestoreJobRequested', createBody({ tier: 'EXPEDITED' }), 'com.example.archive-portal');

    await expect(handler(event, lambdaContext())).resolves.toEqual({ outcome: 'rejected', code: 'TierNotSupported', field: 'tier' });
    expect(h.bus.events.map((e) => [e.detailType, (e.detail as { request: { eventId: string } }).request.eventId])).toEqual([['JobRejected', event.id]]);
  });
});
