/**
 * Batch Operations status events on the local runner: the sandbox fails a Batch job (most of its
 * tasks fail), its `JobStatusChanged` goes on the default bus, the tracker's forward rule puts it
 * on the custom bus and `onBatchJobStatusChanged` ends the job `Failed` — before the DescribeJob
 * schedule has run once. The schedule, when it comes, changes nothing: one terminal notification.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { DescribeJobCommand } from '@aws-sdk/client-s3-control';
import type { Notification } from '@s3-bulk-restore/shared';
import { sandboxS3ControlClient } from '../../src/sandbox/clients.js';
import { startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';

const POLL_EVERY_MS = 5 * 60_000;

let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

/** Count the invocations of a hosted function, and keep what each returned. */
function spy(r: Runner, name: string): { calls: number; results: unknown[] } {
  const fn = r.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  const seen = { calls: 0, results: [] as unknown[] };
  const invoke = fn.invoke.bind(fn);
  fn.invoke = async (event) => {
    seen.calls += 1;
    const result = await invoke(event);
    seen.results.push(result);
    return result;
  };
  return seen;
}

describe('Batch Operations job status from its events, on the local runner', () => {
  it('a Batch job failing most of its tasks ends the job Failed through its status event, before the poller runs, once', async () => {
    const notifications: Notification[] = [];
    runner = await startRunner({ db: ':memory:', port: 0, sandbox: { port: 0, clockMode: 'manual', seed: 5, faults: { batch: { taskFailureRate: 0.6 } } }, log: () => undefined });
    const r = runner;
    r.onNotification((n) => notifications.push(n));
    const clock = r.sandbox!.clock;
    const firstPollAt = clock.now() + POLL_EVERY_MS;
    const polls = spy(r, 'restore-tracker/pollBatchJobs');
    const statusEvents = spy(r, 'restore-tracker/onBatchJobStatusChanged');

    const seeded = (await (await fetch(`${r.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'failing', count: 1500, classes: { GLACIER: 1 }, eventBridge: true }) })).json()) as {
      manifest: { bucket: string; key: string };
    };
    const created = await fetch(`${r.apiUrl}/create-job`, {
      method: 'POST',
      headers: { 'x-api-key': r.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ bucket: seeded.manifest.bucket, key: seeded.manifest.key, tier: 'BULK', expiration_days: 1 }),
    });
    const jobId = ((await created.json()) as { BulkJobId: string }).BulkJobId;
    const finished = () => notifications.some((n) => n.EventType === 'Finished');
    // One virtual second at a time, and never as far as the poller's first run.
    while (!finished() && clock.now() + 1_000 < firstPollAt) {
      await r.quiet();
      if (!finished()) clock.advance(1_000);
    }
    await r.quiet();

    expect(finished()).toBe(true);
    expect(clock.now()).toBeLessThan(firstPollAt);
    expect(polls.calls).toBe(0);
    expect(statusEvents.calls).toBe(1);
    expect(statusEvents.results).toEqual([{ outcome: 'finished', jobId, reportTasks: expect.any(Number) }]);

    const view = (await (await fetch(`${r.apiUrl}/jobs/${jobId}`, { headers: { 'x-api-key': r.apiKey } })).json()) as { BatchJobId: string; Status: string };
    const control = sandboxS3ControlClient(r.s3Endpoint!);
    const batch = (await control.send(new DescribeJobCommand({ AccountId: r.sandbox!.context.accountId, JobId: view.BatchJobId }))).Job!;
    control.destroy();
    expect(batch.Status).toBe('Failed');
    const failedTasks = batch.ProgressSummary!.NumberOfTasksFailed!;
    expect(failedTasks).toBeGreaterThan(500);
    expect(statusEvents.results[0]).toMatchObject({ reportTasks: failedTasks });

    const terminal = notifications.filter((n) => n.EventType === 'Finished');
    expect(terminal).toHaveLength(1);
    expect(terminal[0]).toMatchObject({ JobId: jobId, Status: 'Failed', FailedBatchFiles: String(failedTasks), FailedObjects: failedTasks, TotalObjects: 1500 });
    expect(terminal[0]!.Reason).toBe(`The Batch Operations job failed (TaskFailureThresholdExceeded: ${batch.FailureReasons![0]!.FailureReason})`);
    expect(view.Status).toBe('Failed');

    // The schedule's runs come and find nothing left to do.
    for (let run = 0; run < 2; run++) {
      clock.advance(POLL_EVERY_MS);
      await r.quiet();
    }
    expect(polls.calls).toBe(2);
    expect(notifications.filter((n) => n.EventType === 'Finished')).toHaveLength(1);
  }, 120_000);
});
