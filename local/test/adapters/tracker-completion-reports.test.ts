/**
 * The restore-tracker's CompletionReports adapter (S3 GetObject) against the sandbox: a Batch
 * restore job over archived objects, objects that are not archived and keys that do not exist
 * (awkward keys: spaces, `+`, `%`, non-ASCII) runs on a manual clock; its report location comes
 * from DescribeJob through the BatchJobs adapter, and its failed tasks are read back through the
 * adapter, and by pollBatchJobs, which completes a job from them. Then what S3 may write differently (report.json, the other column order, raw keys)
 * and what must be refused (no report, a bad manifest.json, a bad row, a missing results file).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { clientOptions } from '@s3-bulk-restore/shared';
import { S3CompletionReports } from '../../../services/restore-tracker/src/adapters/aws/s3-completion-reports.js';
import { S3ControlBatchJobs } from '../../../services/restore-tracker/src/adapters/aws/s3-control-batch-jobs.js';
import { pollBatchJobs } from '../../../services/restore-tracker/src/app/poll-batch-jobs.js';
import type { ReportLocation, ReportedTask } from '../../../services/restore-tracker/src/app/ports.js';
import { testDeps } from '../../../services/restore-tracker/test/fakes/deps.js';
import type { BatchHarness } from '../sandbox/batch-support.js';
import { ACCOUNT, createBuckets, createJob, getText, putManifest, putObjects, restoreJob, startBatchSandbox } from '../sandbox/batch-support.js';

const ARCHIVED = ['glacier/ok 1.bin', 'glacier/ü+ok.bin'];
const NOT_ARCHIVED = ['hot/plain.txt', 'hot/a b+c=d.txt', 'hot/ünïcödé 日本.txt', 'hot/100%.txt'];
const MISSING = ['missing/x y.txt', 'missing/ü+€.bin'];
const FORMAT = 'Report_CSV_20180820';

async function collect(tasks: AsyncIterable<ReportedTask>): Promise<ReportedTask[]> {
  const all: ReportedTask[] = [];
  for await (const task of tasks) all.push(task);
  return all;
}

/** The tasks read before the reading failed, and the error it failed with. */
async function collectUntilError(tasks: AsyncIterable<ReportedTask>): Promise<{ read: ReportedTask[]; error: unknown }> {
  const read: ReportedTask[] = [];
  try {
    for await (const task of tasks) read.push(task);
  } catch (error) {
    return { read, error };
  }
  throw new Error('expected the reading to fail');
}

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

describe('restore-tracker CompletionReports on the sandbox', () => {
  let h: BatchHarness;
  let control: S3ControlClient;
  let reports: S3CompletionReports;
  let batchJobId: string;
  let report: ReportLocation;

  const put = (key: string, body: string) => h.s3.send(new PutObjectCommand({ Bucket: 'reports', Key: key, Body: body }));
  const manifestJson = (results: Array<{ status: 'succeeded' | 'failed'; key: string }>) =>
    JSON.stringify({
      Format: FORMAT,
      ReportCreationDate: '2030-01-01T10:40:00.000Z',
      Results: results.map((r) => ({ TaskExecutionStatus: r.status, Bucket: 'reports', MD5Checksum: '', Key: r.key })),
      ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
    });

  beforeAll(async () => {
    h = await startBatchSandbox();
    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ARCHIVED);
    await putObjects(h.s3, 'archive', NOT_ARCHIVED, 'STANDARD');
    const keys = [...ARCHIVED, ...NOT_ARCHIVED, ...MISSING];
    const etag = await putManifest(h.s3, 'manifests', 'mixed.csv', keys.map((k) => ['archive', k] as [string, string]));
    batchJobId = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/mixed.csv', etag, {
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: FORMAT, Prefix: 'reports/tracker-job', ReportScope: 'AllTasks' },
      }),
    );
    h.sandbox.clock.advance(10_000);
    control = new S3ControlClient(
      clientOptions('s3control', { endpoints: { s3control: h.sandbox.endpoint }, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    );
    const described = await new S3ControlBatchJobs({ client: control, accountId: ACCOUNT }).describe(batchJobId);
    expect(described).toMatchObject({ status: 'Complete', tasks: { total: 8, succeeded: 2, failed: 6 } });
    report = described.report!;
    reports = new S3CompletionReports({ client: h.s3 });
  });
  afterAll(async () => {
    control?.destroy();
    await h?.close();
  });

  it('reads the failed tasks of a completed job, at the location DescribeJob gives, with codes and decoded keys', async () => {
    expect(report).toEqual({ bucket: 'reports', prefix: 'reports/tracker-job' });

    const tasks = await collect(reports.failedTasks(batchJobId, report));

    const expected = [
      ...NOT_ARCHIVED.map((key) => ({ bucket: 'archive', key, errorCode: 'InvalidObjectState', httpStatus: 403, message: expect.any(String) })),
      ...MISSING.map((key) => ({ bucket: 'archive', key, errorCode: 'NoSuchKey', httpStatus: 404, message: 'The specified key does not exist.' })),
    ];
    expect(tasks.sort(byKey)).toEqual(expected.sort(byKey));
  });

  it('lets pollBatchJobs complete a job whose objects all failed as Batch tasks, with exact counts and one JobFinished', async () => {
    const keys = [...NOT_ARCHIVED, ...MISSING];
    const etag = await putManifest(h.s3, 'manifests', 'none-archived.csv', keys.map((k) => ['archive', k] as [string, string]));
    const id = await createJob(
      h.control,
      restoreJob('arn:aws:s3:::manifests/none-archived.csv', etag, {
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: FORMAT, Prefix: 'reports/poll-job', ReportScope: 'FailedTasksOnly' },
      }),
    );
    const deps = { ...testDeps(), batchJobs: new S3ControlBatchJobs({ client: control, accountId: ACCOUNT }), reports };
    await deps.store.startJob({ jobId: 'poll-job', batchJobId: id, createdAt: '2030-01-01T10:30:00.000Z', manifest: { bucket: 'manifests', key: 'none-archived.csv', etag }, counterShards: 4 });
    await deps.store.registerObjects('poll-job', keys.map((key, i) => ({ line: i + 1, bucket: 'archive', key })));
    await deps.store.markTrackingReady('poll-job', { totalObjects: keys.length, manifestLines: keys.length, duplicateLines: 0, at: '2030-01-01T10:30:00.000Z' });

    expect(await pollBatchJobs(deps)).toMatchObject({ described: 1, reportTasks: 0, finished: 0 });
    h.sandbox.clock.advance(10_000);
    expect(await pollBatchJobs(deps)).toMatchObject({ described: 1, reportTasks: keys.length, finished: 1, errors: 0 });
    expect(await pollBatchJobs(deps)).toMatchObject({ jobs: 0 });

    expect(deps.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ jobId: 'poll-job', status: 'Complete', totalObjects: 6, counts: expect.objectContaining({ available: 4, failed: 2, restored: 0 }) }),
    ]);
  });

  it('reads report.json when there is no manifest.json', async () => {
    const listing = await getText(h.s3, 'reports', `reports/tracker-job/job-${batchJobId}/manifest.json`);
    await put(`renamed/job-${batchJobId}/report.json`, listing);

    const tasks = await collect(reports.failedTasks(batchJobId, { bucket: 'reports', prefix: 'renamed/' }));

    expect(tasks.map((t) => t.key).sort()).toEqual([...NOT_ARCHIVED, ...MISSING].sort());
  });

  it('reads rows in the declared column order (ErrorCode before HTTPStatusCode), with keys written raw or encoded', async () => {
    const folder = 'swapped/job-b2';
    await put(`${folder}/results/f.csv`, 'archive,hot/a b+c=d.txt,,failed,InvalidObjectState,403,"Not ""archived"", so readable"\r\narchive,missing/%C3%BC%2B%E2%82%AC.bin,v1,failed,NoSuchKey,404,"gone"\r\n');
    await put(`${folder}/manifest.json`, manifestJson([{ status: 'failed', key: `${folder}/results/f.csv` }]));

    const tasks = await collect(reports.failedTasks('b2', { bucket: 'reports', prefix: 'swapped' }));

    expect(tasks).toEqual([
      { bucket: 'archive', key: 'hot/a b+c=d.txt', errorCode: 'InvalidObjectState', httpStatus: 403, message: 'Not "archived", so readable' },
      { bucket: 'archive', key: 'missing/ü+€.bin', versionId: 'v1', errorCode: 'NoSuchKey', httpStatus: 404, message: 'gone' },
    ]);
  });

  it('says ReportNotFound when the job has no report', async () => {
    await expect(collect(reports.failedTasks('no-such-job', report))).rejects.toMatchObject({
      name: 'DependencyError',
      code: 'ReportNotFound',
      details: { batchJobId: 'no-such-job', bucket: 'reports', key: 'reports/tracker-job/job-no-such-job/manifest.json' },
    });
  });

  it('says ReportNotFound when a results file the report lists is gone', async () => {
    await put('lost/job-b3/manifest.json', manifestJson([{ status: 'failed', key: 'lost/job-b3/results/gone.csv' }]));

    await expect(collect(reports.failedTasks('b3', { bucket: 'reports', prefix: 'lost' }))).rejects.toMatchObject({
      code: 'ReportNotFound',
      details: { key: 'lost/job-b3/results/gone.csv' },
    });
  });

  it('says ReportMalformed, naming the file, for a manifest.json that is not a report listing', async () => {
    await put('bad/job-b4/manifest.json', '{"Format":"Report_CSV_20180820","Results":"none"}');

    const reading = collect(reports.failedTasks('b4', { bucket: 'reports', prefix: 'bad' }));

    await expect(reading).rejects.toMatchObject({ name: 'DependencyError', code: 'ReportMalformed', details: { bucket: 'reports', key: 'bad/job-b4/manifest.json', field: 'Results' } });
    await expect(collect(reports.failedTasks('b4', { bucket: 'reports', prefix: 'bad' }))).rejects.toThrow('s3://reports/bad/job-b4/manifest.json');
  });

  it('says ReportMalformed, naming the file and line, for a row it cannot read, after the rows before it', async () => {
    const results = 'badrow/job-b5/results/f.csv';
    await put(results, 'archive,k1,,failed,404,NoSuchKey,"gone"\narchive,k2,,failed,404,NoSuchKey,"gone"\n\narchive,k3,,failed,404\n');
    await put('badrow/job-b5/manifest.json', manifestJson([{ status: 'failed', key: results }]));

    const { read, error } = await collectUntilError(reports.failedTasks('b5', { bucket: 'reports', prefix: 'badrow' }));

    expect(read.map((t) => t.key)).toEqual(['k1', 'k2']);
    expect(error).toMatchObject({ code: 'ReportMalformed', details: { bucket: 'reports', key: results, line: 4 } });
    expect((error as Error).message).toContain(`s3://reports/${results} at line 4`);
  });
});
