/**
 * The Batch Operations engine below the wire: priority dispatch, resuming a running job after a
 * restart, long clock jumps, the failure threshold, lifecycle event records and CSV helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseCsv, decodeManifestKey, encodeReportKey } from '../../src/sandbox/batch/csv.js';
import { BatchOperations } from '../../src/sandbox/batch/engine.js';
import type { BatchJobEvent } from '../../src/sandbox/batch/events.js';
import type { JobSpec } from '../../src/sandbox/batch/model.js';
import { thresholdExceeded } from '../../src/sandbox/batch/tasks.js';
import { VirtualClock } from '../../src/sandbox/clock.js';
import { RestoreEngine } from '../../src/sandbox/restore/engine.js';
import { writeObject } from '../../src/sandbox/state/objects.js';
import { S3State } from '../../src/sandbox/state/store.js';
import { ACCOUNT, START, createJob, describeJob, restoreJob, startBatchSandbox } from './batch-support.js';

const SCOPE = { accountId: ACCOUNT, region: 'us-east-1' };

/** An engine on its own clock and state, with `count` GLACIER objects listed in manifest `name`. */
function engineWith(options: { maxActiveJobs?: number; tasksPerSecond?: number } = {}) {
  const clock = new VirtualClock({ mode: 'manual', start: START });
  const s3 = new S3State();
  const events: BatchJobEvent[] = [];
  const restores = new RestoreEngine({ clock, seed: 3, events: { emit: () => {} } });
  const batch = new BatchOperations({
    clock,
    s3,
    restores,
    events: { emitJobEvent: (e) => events.push(e) },
    seed: 3,
    faults: () => ({ taskFailureRate: 0 }),
    tasksPerSecond: options.tasksPerSecond ?? 10,
    maxActiveJobs: options.maxActiveJobs,
    onChange: () => {},
  });
  const bucket = s3.createBucket('archive', 'us-east-1', ACCOUNT, clock.now());
  const manifest = (name: string, count: number): JobSpec['manifest'] => {
    const rows: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = `${name}/${i}`;
      writeObject(s3, bucket, { key, body: Buffer.from(key), storageClass: 'GLACIER' }, clock.now(), 3);
      rows.push(`archive,${key}\n`);
    }
    const m = writeObject(s3, bucket, { key: `${name}.csv`, body: Buffer.from(rows.join('')) }, clock.now(), 3);
    return { format: 'S3BatchOperations_CSV_20180820', fields: ['Bucket', 'Key'], objectArn: `arn:aws:s3:::archive/${name}.csv`, bucket: 'archive', key: `${name}.csv`, etag: m.etag };
  };
  const spec = (name: string, priority: number, count = 20): JobSpec => ({
    operation: { expirationInDays: 2, glacierJobTier: 'BULK' },
    manifest: manifest(name, count),
    report: { enabled: false },
    priority,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/r`,
    confirmationRequired: false,
    clientRequestToken: name,
    tags: [],
  });
  return { clock, s3, events, batch, spec };
}

describe('Batch Operations dispatch by priority', () => {
  it('starts Ready jobs highest priority first when only one may be Active, honouring priority updates', () => {
    const { clock, events, batch, spec } = engineWith({ maxActiveJobs: 1 });
    const low = batch.createJob(SCOPE, spec('low', 1)).jobId;
    const mid = batch.createJob(SCOPE, spec('mid', 5)).jobId;
    const high = batch.createJob(SCOPE, spec('high', 9)).jobId;
    batch.updateJobPriority(SCOPE, low, 100);
    clock.advance(60_000);
    const started = events.filter((e) => e.detail.serviceEventDetails.status === 'Active').map((e) => e.detail.serviceEventDetails.jobId);
    expect(started).toEqual([low, high, mid]);
    expect([low, mid, high].map((id) => batch.describeJob(SCOPE, id).status)).toEqual(['Complete', 'Complete', 'Complete']);
  });

  it('runs thousands of tasks in per-second slices when the clock jumps by an hour', () => {
    const { clock, batch, spec } = engineWith({ tasksPerSecond: 1000 });
    const id = batch.createJob(SCOPE, spec('big', 5, 3_500)).jobId;
    clock.advance(3_600_000);
    const job = batch.describeJob(SCOPE, id);
    expect(job.status).toBe('Complete');
    expect(job.progress).toEqual({ totalNumberOfTasks: 3_500, numberOfTasksSucceeded: 3_500, numberOfTasksFailed: 0, elapsedTimeInActiveSeconds: 4 });
  });
});

describe('Batch Operations persistence', () => {
  it('resumes a running job from its task cursor after a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'batch-persist-'));
    try {
      const first = await startBatchSandbox({ dataDir, batchTasksPerSecond: 100 });
      const { s3, clock } = first.sandbox.context;
      const bucket = s3.createBucket('archive', 'us-east-1', ACCOUNT, clock.now());
      const rows: string[] = [];
      for (let i = 0; i < 250; i++) {
        writeObject(s3, bucket, { key: `p/${i}`, body: Buffer.from('x'), storageClass: 'GLACIER' }, clock.now(), 7);
        rows.push(`archive,p/${i}\n`);
      }
      const manifest = writeObject(s3, bucket, { key: 'm.csv', body: Buffer.from(rows.join('')) }, clock.now(), 7);
      const id = await createJob(first.control, restoreJob('arn:aws:s3:::archive/m.csv', manifest.etag, { Report: { Enabled: false } }));
      first.sandbox.clock.advance(5_000);
      expect((await describeJob(first.control, id)).ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 100 });
      await first.close();

      const second = await startBatchSandbox({ dataDir, batchTasksPerSecond: 100 });
      try {
        const resumed = await describeJob(second.control, id);
        expect(resumed.Status).toBe('Active');
        expect(resumed.ProgressSummary).toMatchObject({ TotalNumberOfTasks: 250, NumberOfTasksSucceeded: 100, NumberOfTasksFailed: 0 });
        second.sandbox.clock.advance(10_000);
        // Re-running the first 100 tasks would fail them: their restores are still in progress.
        expect((await describeJob(second.control, id)).ProgressSummary).toMatchObject({ NumberOfTasksSucceeded: 250, NumberOfTasksFailed: 0 });
        expect((await describeJob(second.control, id)).Status).toBe('Complete');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('round-trips through toJSON and load, and rejects a malformed snapshot', () => {
    const a = engineWith();
    const id = a.batch.createJob(SCOPE, a.spec('j', 1, 30)).jobId;
    a.clock.advance(5_000);
    const b = engineWith();
    b.clock.advanceTo(a.clock.now());
    b.batch.load(JSON.parse(JSON.stringify(a.batch.toJSON())));
    expect(b.batch.describeJob(SCOPE, id)).toEqual(a.batch.describeJob(SCOPE, id));
    expect(() => b.batch.load({ format: 1, jobCounter: 1, jobs: [{ jobId: 'x' }] })).toThrow(/batch snapshot/);
  });
});

describe('Batch Operations lifecycle event records', () => {
  it('builds CloudTrail service event records with deterministic ids', () => {
    const { events, batch, spec } = engineWith();
    const id = batch.createJob(SCOPE, spec('ev', 1)).jobId;
    const created = events[0]!;
    expect(created).toMatchObject({
      source: 'aws.s3',
      detailType: 'AWS Service Event via CloudTrail',
      time: START,
      account: ACCOUNT,
      region: 'us-east-1',
      detail: {
        eventVersion: '1.08',
        userIdentity: { accountId: ACCOUNT, invokedBy: 's3.amazonaws.com' },
        eventTime: '2030-01-01T10:30:00Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'JobCreated',
        sourceIPAddress: 's3.amazonaws.com',
        requestParameters: null,
        responseElements: null,
        readOnly: false,
        eventType: 'AwsServiceEvent',
        managementEvent: true,
        recipientAccountId: ACCOUNT,
        serviceEventDetails: { jobId: id, jobArn: `arn:aws:s3:us-east-1:${ACCOUNT}:job/${id}`, status: 'New', failureCodes: [], statusChangeReason: [] },
        eventCategory: 'Management',
      },
    });
    expect(created.detail.serviceEventDetails.jobEventId).toMatch(/^[0-9a-f]{32}$/);
    expect(engineWith().batch.createJob(SCOPE, engineWith().spec('ev', 1)).jobId).toBe(id);
  });
});

describe('Batch Operations helpers', () => {
  it('applies the failure threshold only from 1,000 tasks and only above 50 %', () => {
    expect(thresholdExceeded({ succeeded: 0, failed: 999 })).toBe(false);
    expect(thresholdExceeded({ succeeded: 500, failed: 500 })).toBe(false);
    expect(thresholdExceeded({ succeeded: 499, failed: 501 })).toBe(true);
  });

  it('parses CSV with quotes, doubled quotes, CRLF and blank lines', () => {
    expect(parseCsv('a,"b,c"\r\n\r\n"d ""e""",f\n')).toEqual([
      ['a', 'b,c'],
      ['d "e"', 'f'],
    ]);
  });

  it('decodes manifest keys form-style and encodes report keys unambiguously', () => {
    expect(decodeManifestKey('red+flower%2B1%25.jpg')).toBe('red flower+1%.jpg');
    expect(encodeReportKey('dir/red flower+1%.jpg')).toBe('dir/red%20flower%2B1%25.jpg');
  });
});
