/** Deadlines: computed when tracking starts, enforced by the poller with `Timeout`, the counts as they are. */
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { typicalRestoreWindowHours } from '@s3-bulk-restore/shared';
import { BATCH_RUN_HOURS, jobDeadline } from '../../src/app/deadline.js';
import { listObjects } from '../../src/app/list-objects.js';
import { pollBatchJobs } from '../../src/app/poll-batch-jobs.js';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import { registerManifest } from '../../src/app/register-manifest.js';
import { jobCreated, s3Event, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

const CREATED = '2030-01-01T00:00:00.000Z';
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(CREATED) + hours * HOUR);
const tasks = { total: 4, succeeded: 4, failed: 0 };

/** A BULK job over a, b, c, d created at CREATED; `restored` of them restored, `restoring` more initiated. */
async function bulkJob(deps: TestDeps, jobId: string, options: { restored?: string[]; restoring?: string[]; tier?: 'BULK' | 'STANDARD' } = {}): Promise<void> {
  deps.manifests.put(`${jobId}.csv`, 'archive,a\narchive,b\narchive,c\narchive,d\n');
  await registerManifest(deps, jobCreated(jobId, { createdAt: CREATED, tier: options.tier ?? 'BULK' }));
  const events = [
    ...(options.restoring ?? []).map((k) => ({ messageId: `i-${k}`, body: s3Event('Object Restore Initiated', 'archive', k) })),
    ...(options.restored ?? []).map((k) => ({ messageId: `c-${k}`, body: s3Event('Object Restore Completed', 'archive', k) })),
  ];
  if (events.length > 0) await recordRestoreEvents(deps, events);
  deps.batchJobs.jobs.set(`batch-${jobId}`, { status: 'Complete', failureReasons: [], tasks });
}

describe('jobDeadline', () => {
  it('allows the Batch job its run, the worst restore of the tier and the margin', () => {
    expect([typicalRestoreWindowHours('BULK'), typicalRestoreWindowHours('STANDARD'), BATCH_RUN_HOURS]).toEqual([48, 12, 24]);
    expect(jobDeadline(CREATED, 'BULK', 12)).toBe('2030-01-04T12:00:00.000Z'); // 84 h
    expect(jobDeadline(CREATED, 'STANDARD', 12)).toBe('2030-01-03T00:00:00.000Z'); // 48 h
    expect(jobDeadline(CREATED, 'STANDARD', 0)).toBe('2030-01-02T12:00:00.000Z'); // 36 h
  });

  it('is stored when tracking starts, from the tier of JobCreated and TIMEOUT_MARGIN_HOURS', async () => {
    const deps = testDeps();
    deps.timeoutMarginHours = 6;
    await bulkJob(deps, 'bulk');
    await bulkJob(deps, 'standard', { tier: 'STANDARD' });
    expect((await deps.store.progress('bulk'))?.deadline).toBe(at(24 + 48 + 6).toISOString());
    expect((await deps.store.progress('standard'))?.deadline).toBe(at(24 + 12 + 6).toISOString());
  });
});

describe('pollBatchJobs past a deadline', () => {
  it('leaves a job alone until its deadline, then ends it Timeout once, the counts as they are', async () => {
    const deps = testDeps();
    await bulkJob(deps, 't', { restored: ['a'], restoring: ['b'] });
    deps.clock.now = new Date(at(84).getTime() - 1);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 1, finished: 0, timedOut: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual([]);

    deps.clock.now = at(84);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 1, finished: 1, timedOut: 1, errors: 0 });
    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([
      expect.objectContaining({
        jobId: 't',
        status: 'Timeout',
        reason: 'The job passed its deadline (2030-01-04T12:00:00.000Z): 3 of 4 objects were not settled',
        totalObjects: 4,
        counts: { registered: 2, requested: 0, restoring: 1, restored: 1, available: 0, failed: 0 },
        progressPercent: 25,
        at: at(84).toISOString(),
      }),
    ]);
    expect(contracts.jobFinished.is(finished[0])).toBe(true);
    expect(deps.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'job timed out', jobId: 't' }));

    deps.clock.now = at(90);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 0, finished: 0 });
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
  });

  it('keeps the still-pending objects listed by state after the timeout', async () => {
    const deps = testDeps();
    await bulkJob(deps, 'pending', { restored: ['a'], restoring: ['b'] });
    deps.clock.now = at(85);
    await pollBatchJobs(deps);
    const keys = async (state: string) => (await listObjects(deps, 'pending', { state })).Objects.map((o) => o.Key);
    expect(await keys('registered')).toEqual(expect.arrayContaining(['c', 'd']));
    expect(await keys('registered')).toHaveLength(2);
    expect(await keys('restoring')).toEqual(['b']);
    expect(await keys('restored')).toEqual(['a']);
  });

  it('late restore events after the timeout change no outcome: no second JobFinished, no JobProgressed', async () => {
    const deps = testDeps();
    await bulkJob(deps, 'late', { restored: ['a'] });
    deps.clock.now = at(85);
    await pollBatchJobs(deps);
    const progressed = deps.bus.ofType('JobProgressed').length;
    const late = await recordRestoreEvents(deps, ['b', 'c', 'd'].map((k) => ({ messageId: `late-${k}`, body: s3Event('Object Restore Completed', 'archive', k) })));
    expect(late).toMatchObject({ failedMessageIds: [], finished: 0, progressed: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Timeout', counts: expect.objectContaining({ restored: 1 }) })]);
    expect(deps.bus.ofType('JobProgressed')).toHaveLength(progressed);
    expect((await deps.store.progress('late'))?.outcome?.status).toBe('Timeout');
  });

  it('times out a job whose manifest never got registered, and one whose Batch job cannot be described', async () => {
    const deps = testDeps();
    await deps.store.startJob({ jobId: 'stuck', batchJobId: 'batch-stuck', createdAt: CREATED, manifest: { bucket: 'manifests', key: 'stuck.csv', etag: 'e' }, counterShards: 4, deadline: at(84).toISOString() });
    await bulkJob(deps, 'blind');
    deps.batchJobs.jobs.set('batch-blind', new Error('S3 Control is down'));
    deps.clock.now = at(84);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 2, timedOut: 2, errors: 0, described: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ jobId: 'stuck', status: 'Timeout', reason: 'The job passed its deadline (2030-01-04T12:00:00.000Z): its manifest was not yet registered', totalObjects: 0 }),
        expect.objectContaining({ jobId: 'blind', status: 'Timeout' }),
      ]),
    );
  });

  it('completes, rather than times out, a job whose objects all settled but that was never announced', async () => {
    const deps = testDeps();
    await bulkJob(deps, 'quiet');
    // The batch that settled the last objects committed, then failed before announcing (and was never redelivered).
    deps.store.failNext.progress = new Error('the process died');
    const batch = await recordRestoreEvents(deps, ['a', 'b', 'c', 'd'].map((k) => ({ messageId: `c-${k}`, body: s3Event('Object Restore Completed', 'archive', k) })));
    expect(batch.failedMessageIds).toHaveLength(4);
    expect(await deps.store.progress('quiet')).toMatchObject({ status: 'Restoring', counts: expect.objectContaining({ restored: 4 }) });
    deps.clock.now = at(100);
    expect(await pollBatchJobs(deps)).toMatchObject({ finished: 1, timedOut: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'quiet', status: 'Complete', progressPercent: 100 })]);
  });

  it('never times out a job started without a deadline', async () => {
    const deps = testDeps();
    await deps.store.startJob({ jobId: 'old', batchJobId: 'batch-old', createdAt: CREATED, manifest: { bucket: 'manifests', key: 'old.csv', etag: 'e' }, counterShards: 4 });
    deps.batchJobs.jobs.set('batch-old', { status: 'Active', failureReasons: [], tasks });
    deps.clock.now = at(10_000);
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 1, described: 1, timedOut: 0 });
  });
});
