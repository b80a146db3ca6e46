/**
 * The use case over the in-memory ledger (which passes the ledger contract) and a recording sink:
 * sequences of events in order, reordered, duplicated, jumping thresholds, and SNS outages give
 * exactly the expected notifications.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_CLAIM_LEASE_MS } from '../../src/app/claim-rules.js';
import { createOnJobEvent } from '../../src/app/on-job-event.js';
import type { JobEvent, OnJobEvent } from '../../src/app/on-job-event.js';
import { ManualClock } from '../support/clock.js';
import { jobCreated, jobFinished, jobProgressed, newJobId, progressNote } from '../support/fixtures.js';
import { InMemoryNotificationLedger } from '../support/in-memory-ledger.js';
import { deliverAll } from '../support/lambda-driver.js';
import { RecordingSink } from '../support/recording-sink.js';

const created = (jobId: string, step = 10, tagged = true): JobEvent => {
  const detail = jobCreated(jobId, { progressStepPercent: step });
  if (!tagged) delete detail.clientTag;
  return { detailType: 'JobCreated', detail };
};
const progressed = (jobId: string, percent: number, failed = 0): JobEvent => ({ detailType: 'JobProgressed', detail: jobProgressed(jobId, percent, { failed }) });
const finished = (jobId: string, status: 'Complete' | 'Failed' = 'Complete', settled = 100): JobEvent => ({
  detailType: 'JobFinished',
  detail: jobFinished(jobId, { status, settled, ...(status === 'Failed' ? { reason: 'The Batch Operations job failed' } : {}) }),
});

describe('onJobEvent', () => {
  let clock: ManualClock;
  let ledger: InMemoryNotificationLedger;
  let sink: RecordingSink;
  let onJobEvent: OnJobEvent;
  let jobId: string;
  const ids = (...thresholds: Array<number | 'finished'>) => thresholds.map((t) => (t === 'finished' ? `${jobId}:finished` : `${jobId}:threshold:${t}`));

  beforeEach(() => {
    clock = new ManualClock();
    ledger = new InMemoryNotificationLedger({ now: clock.now });
    sink = new RecordingSink();
    onJobEvent = createOnJobEvent({ ledger, sink });
    jobId = newJobId();
  });

  it('in order: one message per threshold crossed, then the terminal one', async () => {
    const percents = [5, 12, 25, 38, 41, 55, 61, 77, 85, 93, 99];
    await deliverAll(onJobEvent, [created(jobId), ...percents.map((p) => progressed(jobId, p, 1)), finished(jobId)]);
    expect(sink.eventIds()).toEqual(ids(10, 20, 30, 40, 50, 60, 70, 80, 90, 'finished'));
    expect(sink.sent[3]).toEqual({
      notification: expect.objectContaining({ JobId: jobId, BatchJobId: `batch-${jobId}`, Status: 'Restoring', ProgressPercent: '41', FailedBatchFiles: '1', Threshold: 40, ClientTag: 'legal-hold-2026', TotalObjects: 100, RestoredObjects: 40, FailedObjects: 1, PendingObjects: 59 }),
      attributes: { JobId: jobId, Status: 'Restoring', ClientTag: 'legal-hold-2026', EventType: 'Progress' },
    });
    expect(sink.sent[9]?.notification).toMatchObject({ Status: 'Complete', ProgressPercent: '100', EventType: 'Finished', PendingObjects: 0 });
  });

  it('every event delivered two or three times: still each message once', async () => {
    const events = [created(jobId), ...[12, 25, 41].map((p) => progressed(jobId, p)), finished(jobId)];
    await deliverAll(onJobEvent, events.flatMap((e, i) => (i % 2 ? [e, e, e] : [e, e])));
    expect(sink.eventIds()).toEqual(ids(10, 20, 40, 'finished'));
  });

  it('reordered: a late lower percentage sends nothing; nothing is sent after the terminal message', async () => {
    const order = [41, 12, 25, 93, 55];
    await deliverAll(onJobEvent, [created(jobId, 5), ...order.map((p) => progressed(jobId, p)), finished(jobId), progressed(jobId, 97)]);
    expect(sink.eventIds()).toEqual(ids(40, 90, 'finished'));
  });

  it('one batch jumping several thresholds sends only the highest, with the real percentage', async () => {
    await deliverAll(onJobEvent, [created(jobId), progressed(jobId, 5), progressed(jobId, 47), progressed(jobId, 49)]);
    expect(sink.eventIds()).toEqual(ids(40));
    expect(sink.sent[0]?.notification).toMatchObject({ ProgressPercent: '47', Threshold: 40 });
  });

  it("follows the job's own step", async () => {
    await deliverAll(onJobEvent, [created(jobId, 25), ...[10, 30, 60, 74, 99].map((p) => progressed(jobId, p))]);
    expect(sink.eventIds()).toEqual(ids(25, 50, 75));
  });

  it('a job without a client tag: no ClientTag in the message or its attributes', async () => {
    await deliverAll(onJobEvent, [created(jobId, 10, false), progressed(jobId, 10)]);
    expect(sink.sent[0]?.notification).not.toHaveProperty('ClientTag');
    expect(sink.sent[0]?.attributes).toEqual({ JobId: jobId, Status: 'Restoring', EventType: 'Progress' });
  });

  it('a failed job: the terminal message has its status, reason and real percentage', async () => {
    await deliverAll(onJobEvent, [created(jobId), progressed(jobId, 31), finished(jobId, 'Failed', 35)]);
    expect(sink.eventIds()).toEqual(ids(30, 'finished'));
    expect(sink.sent[1]?.notification).toMatchObject({ Status: 'Failed', ProgressPercent: '35', Reason: 'The Batch Operations job failed', PendingObjects: 65 });
    expect(sink.sent[1]?.attributes).toMatchObject({ Status: 'Failed', EventType: 'Finished' });
  });

  it('an event before its JobCreated fails with SettingsNotFound and succeeds on retry once the settings exist', async () => {
    await expect(onJobEvent(progressed(jobId, 22))).rejects.toMatchObject({ name: 'NotFoundError', code: 'SettingsNotFound', details: { jobId } });
    await expect(onJobEvent(finished(jobId))).rejects.toMatchObject({ code: 'SettingsNotFound' });
    await deliverAll(onJobEvent, [created(jobId), progressed(jobId, 22), finished(jobId)]);
    expect(sink.eventIds()).toEqual(ids(20, 'finished'));
  });

  it('SNS failing for a while, each event retried until it goes through: every threshold and the terminal arrive once', async () => {
    sink.failNext(4);
    const report = await deliverAll(onJobEvent, [created(jobId), ...[15, 27, 33].map((p) => progressed(jobId, p)), finished(jobId)], { retry: 'at-once' });
    expect(sink.refused).toBe(4);
    expect(report.errors).toHaveLength(4);
    expect(report.errors.every((e) => (e as { code?: string }).code === 'NotificationSendFailed')).toBe(true);
    expect(sink.eventIds()).toEqual(ids(10, 20, 30, 'finished'));
    expect(report.outcomes).toContainEqual({ kind: 'notified', eventId: `${jobId}:threshold:10`, attempt: 5 });
  });

  it('SNS failing across several events (retries overtaken): the highest threshold and the terminal arrive once, nothing goes backwards', async () => {
    sink.failNext(3);
    await deliverAll(onJobEvent, [created(jobId), ...[12, 25, 38, 41].map((p) => progressed(jobId, p)), finished(jobId)], { retry: 'later' });
    // 10, 20 and 30 were overtaken by 40 while SNS was down: sent late they would move progress backwards.
    expect(sink.eventIds()).toEqual(ids(40, 'finished'));
  });

  it('a crash between claim and send: the redelivered event is refused while the lease runs, then sends the stored message', async () => {
    await onJobEvent(created(jobId));
    await ledger.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20, 21) }); // the process that died
    await expect(onJobEvent(progressed(jobId, 24))).rejects.toMatchObject({ name: 'ConflictError', code: 'NotificationInProgress' });
    clock.advance(DEFAULT_CLAIM_LEASE_MS + 1);
    expect(await onJobEvent(progressed(jobId, 24))).toEqual({ kind: 'notified', eventId: `${jobId}:threshold:20`, attempt: 2 });
    expect(sink.sent.map((s) => s.notification)).toEqual([progressNote(jobId, 20, 21)]);
  });

  it('the same event delivered concurrently: one send; the others are retried and find it sent', async () => {
    await onJobEvent(created(jobId));
    const event = progressed(jobId, 52);
    const results = await Promise.allSettled([onJobEvent(event), onJobEvent(event), onJobEvent(event)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    await deliverAll(onJobEvent, [event, event]);
    expect(sink.eventIds()).toEqual(ids(50));
  });

  it('below the first threshold nothing is sent', async () => {
    expect((await deliverAll(onJobEvent, [created(jobId), progressed(jobId, 9)])).outcomes).toEqual([
      { kind: 'settings-saved', jobId },
      { kind: 'skipped', reason: 'no-threshold-crossed' },
    ]);
    expect(sink.sent).toEqual([]);
  });
});
