/**
 * `create`, `status`, `list` and `watch` as a user runs them: the real CLI in a child process
 * against the real jobs-service handlers over HTTP (test/support/jobs-api.ts). The test plays
 * the restore-tracker, so every state change is one the test made; `watch` is followed line by
 * line, never by waiting on the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { Notification } from '@s3-bulk-restore/shared';
import { jsonLines, runCli, startCli } from '../support/cli-process.js';
import type { CliResult } from '../support/cli-process.js';
import { startJobsApi } from '../support/jobs-api.js';
import type { JobsApi } from '../support/jobs-api.js';

let api: JobsApi;
let manifest: { bucket: string; key: string };
const env = () => ({ S3_BULK_RESTORE_API_URL: api.url, S3_BULK_RESTORE_API_KEY: api.apiKey });

beforeAll(async () => {
  api = await startJobsApi();
  manifest = await api.manifest('cli', 10);
});
afterAll(async () => api?.close());

/** Every stdout line is a notification (the published schema), in order. */
function notifications(result: CliResult): Notification[] {
  return jsonLines(result.stdout).map((line) => contracts.notification.parse(line));
}

/** One readable line on stderr: the boundary's, never a stack trace. */
function oneLine(result: CliResult): string {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  return result.stderr.trimEnd();
}

const isNotification = (status: string, percent: string) => (line: string) => line.includes(`"Status":"${status}"`) && line.includes(`"ProgressPercent":"${percent}"`);

describe('create', () => {
  it('prints the 202 answer as one JSON line when stdout is not a terminal, and the job then reads Preparing (exit 0)', async () => {
    const created = await runCli(['create', '--bucket', manifest.bucket, '--key', manifest.key, '--tier', 'bulk', '--days', '3', '--tag', 'cli-test'], env());
    expect(created.code).toBe(0);
    const [answer, ...rest] = jsonLines(created.stdout) as Array<Record<string, unknown>>;
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({ BulkJobId: expect.any(String), Status: 'Preparing', BatchOperation: { JobId: expect.any(String) } });

    const job = await api.app.getJob(answer!['BulkJobId']);
    expect(job).toMatchObject({ Status: 'Preparing', Tier: 'BULK', ExpirationDays: 3, ClientTag: 'cli-test', Manifest: { Bucket: manifest.bucket, Key: manifest.key } });
  });

  it('--wait follows the job to Complete with one notification per change, and exits 0', async () => {
    const cli = startCli(['create', '--bucket', manifest.bucket, '--key', manifest.key, '--wait', '--interval', '0.05'], env());
    const jobId = await api.nextCreatedJob();
    await api.startRestoring(jobId, 10);
    await cli.line(isNotification('Restoring', '0'));
    await api.progress(jobId, { restored: 4, registered: 6 }, 40);
    await cli.line(isNotification('Restoring', '40'));
    await api.finish(jobId, 'Complete', { restored: 9, available: 1 });
    const result = await cli.done;

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = notifications(result);
    expect(lines.map((n) => [n.EventType, n.Status, n.ProgressPercent])).toEqual([
      ['Progress', 'Restoring', '0'],
      ['Progress', 'Restoring', '40'],
      ['Finished', 'Complete', '100'],
    ]);
    expect(lines.at(-1)).toMatchObject({ JobId: jobId, TotalObjects: 10, RestoredObjects: 9, AvailableObjects: 1, FailedObjects: 0, PendingObjects: 0, EventId: `watch:${jobId}:Complete` });
  });
});

describe('watch', () => {
  it('emits NDJSON notifications as the job moves and exits 3 when it completes with failed objects', async () => {
    const jobId = await api.createJob(manifest, 'legal-hold');
    await api.startRestoring(jobId, 10);
    const cli = startCli(['watch', jobId, '--interval', '0.05'], env());
    await cli.line(isNotification('Restoring', '0'));
    await api.progress(jobId, { restored: 5, failed: 2, registered: 3 }, 70);
    await cli.line(isNotification('Restoring', '70'));
    await api.finish(jobId, 'Complete', { restored: 8, failed: 2 });
    const result = await cli.done;

    expect(result.code).toBe(3);
    expect(oneLine(result)).toBe(`s3-bulk-restore: job ${jobId} ended Complete: 2 of 10 objects failed`);
    const lines = notifications(result);
    expect(lines.map((n) => n.EventId)).toEqual([`watch:${jobId}:0`, `watch:${jobId}:70`, `watch:${jobId}:Complete`]);
    expect(lines.every((n) => n.ClientTag === 'legal-hold' && n.BatchJobId.length > 0)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ EventType: 'Finished', Status: 'Complete', ProgressPercent: '100', FailedObjects: 2, FailedBatchFiles: '2', RestoredObjects: 8 });
  });

  it('--output ndjson prints notifications and --output human a progress line, for the same failed job (exit 4)', async () => {
    const jobId = await api.createJob(manifest);
    await api.startRestoring(jobId, 10);
    await api.finish(jobId, 'Failed', { restored: 3, registered: 7 }, { percent: 30, failures: [{ code: 'BatchJobFailed', message: 'the Batch job failed' }] });

    const [ndjson, human] = await Promise.all([
      runCli(['watch', jobId, '--output', 'ndjson'], env()),
      runCli(['watch', jobId, '--output', 'human'], env()),
    ]);

    expect([ndjson.code, human.code]).toEqual([4, 4]);
    expect(notifications(ndjson)).toEqual([expect.objectContaining({ EventType: 'Finished', Status: 'Failed', ProgressPercent: '30', EventId: `watch:${jobId}:Failed` })]);
    expect(human.stdout).toMatch(new RegExp(`^${jobId} \\[█+░+\\]  30%  3/10 settled · 3 restored · 0 available · 0 failed  Failed\\n$`));
    expect(oneLine(human)).toBe(`s3-bulk-restore: job ${jobId} ended Failed: 3 of 10 objects settled, 0 failed; BatchJobFailed: the Batch job failed`);
  });
});

describe('status', () => {
  it('prints the job as one JSON line and exits with the code of its state: 0 while it runs, 5 once Cancelled', async () => {
    const running = await api.createJob(manifest);
    const cancelled = await api.createJob(manifest);
    await Promise.all([api.startRestoring(running, 10), api.startRestoring(cancelled, 10)]);
    await api.finish(cancelled, 'Cancelled', { restored: 5, registered: 5 }, { percent: 50 });

    const [whileRunning, once] = await Promise.all([runCli(['status', running], env()), runCli(['status', cancelled], env())]);

    expect([whileRunning.code, once.code]).toEqual([0, 5]);
    expect(jsonLines(whileRunning.stdout)).toEqual([expect.objectContaining({ JobId: running, Status: 'Restoring', TotalObjects: 10 })]);
    expect(jsonLines(once.stdout)).toEqual([expect.objectContaining({ JobId: cancelled, Status: 'Cancelled', ProgressPercent: 50 })]);
    expect(whileRunning.stderr).toBe('');
    expect(oneLine(once)).toBe(`s3-bulk-restore: job ${cancelled} ended Cancelled: 5 of 10 objects settled, 0 failed`);
  });
});

describe('list', () => {
  it('prints one job per line, filtered by --status, following NextToken through every page with --all', async () => {
    const complete = (await api.app.listJobs({ status: 'Complete', limit: 100 })).Jobs.map((j) => j.JobId);

    const result = await runCli(['list', '--status', 'Complete', '--limit', '1', '--all'], env());

    expect(result.code).toBe(0);
    expect(complete.length).toBeGreaterThan(1);
    expect(jsonLines(result.stdout)).toEqual(complete.map((JobId) => expect.objectContaining({ JobId, Status: 'Complete' })));
  });
});

describe('list --client-tag', () => {
  /** Job ids in the order `GET /jobs` promises: descending `<CreatedAt>#<JobId>`. */
  async function newestFirst(jobIds: string[]): Promise<string[]> {
    const keys = await Promise.all(jobIds.map(async (id) => ({ id, key: `${(await api.app.getJob(id)).CreatedAt}#${id}` })));
    return keys.sort((a, b) => (a.key < b.key ? 1 : -1)).map((k) => k.id);
  }

  it('prints exactly the jobs with that tag, newest first, across pages; with --status only those in it; a tag no job could have is exit 2 naming the field', async () => {
    // Arrange: four jobs, oldest first: tagged, other tag, tagged (then Complete), tagged.
    const tag = 'list tag/é+1';
    const first = await api.createJob(manifest, tag);
    const other = await api.createJob(manifest, `${tag}-other`);
    const completed = await api.createJob(manifest, tag);
    const newest = await api.createJob(manifest, tag);
    await api.startRestoring(completed, 10);
    await api.finish(completed, 'Complete', { restored: 10 });

    // Act
    const [all, complete, preparing, onePage, bad] = await Promise.all([
      runCli(['list', '--client-tag', tag, '--limit', '1', '--all'], env()),
      runCli(['list', '--client-tag', tag, '--status', 'Complete', '--all'], env()),
      runCli(['list', '--client-tag', tag, '--status', 'Preparing', '--limit', '1', '--all'], env()),
      runCli(['list', '--client-tag', tag, '--limit', '2'], env()),
      runCli(['list', '--client-tag', 'no#such'], env()),
    ]);

    // Assert
    expect([all.code, complete.code, preparing.code, onePage.code]).toEqual([0, 0, 0, 0]);
    const ids = (result: CliResult) => jsonLines(result.stdout).map((line) => (line as { JobId: string }).JobId);
    // The API's order: newest first by `<CreatedAt>#<JobId>` (the sandbox clock may give two jobs one CreatedAt).
    const order = await newestFirst([first, completed, newest]);
    expect(ids(all)).toEqual(order);
    expect(jsonLines(all.stdout).every((line) => (line as { ClientTag?: string }).ClientTag === tag)).toBe(true);
    expect(ids(all)).not.toContain(other);
    expect(ids(complete)).toEqual([completed]);
    expect(ids(preparing)).toEqual(order.filter((id) => id !== completed));
    expect(ids(onePage)).toEqual(order.slice(0, 2));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(oneLine(bad)).toMatch(/^s3-bulk-restore: InvalidRequest: .*\(field client_tag\)$/);
  });
});

describe('cancel', () => {
  it('--no-wait prints the accepted job as one JSON line and exits 0; without it, follows the job and exits 5 once it is Cancelled', async () => {
    const jobId = await api.createJob(manifest, 'cancel-me');
    await api.startRestoring(jobId, 10);
    const accepted = await runCli(['cancel', jobId, '--no-wait'], env());
    expect(accepted.code).toBe(0);
    expect(jsonLines(accepted.stdout)).toEqual([expect.objectContaining({ JobId: jobId, Status: 'Restoring' })]);

    const cli = startCli(['cancel', jobId, '--interval', '0.05'], env());
    await cli.line(isNotification('Restoring', '0'));
    await api.finish(jobId, 'Cancelled', { restored: 3, registered: 7 }, { percent: 30, reason: 'cancelled by request' });
    const result = await cli.done;
    expect(result.code).toBe(5);
    expect(oneLine(result)).toBe(`s3-bulk-restore: job ${jobId} ended Cancelled: 3 of 10 objects settled, 0 failed; JobCancelled: cancelled by request`);
    expect(notifications(result).at(-1)).toMatchObject({ Status: 'Cancelled', EventType: 'Finished', RestoredObjects: 3, PendingObjects: 7 });
  });

  it('a job that already ended: one line naming JobAlreadyFinished, exit 2', async () => {
    const jobId = await api.createJob(manifest);
    await api.startRestoring(jobId, 10);
    await api.finish(jobId, 'Complete', { restored: 10 });
    const result = await runCli(['cancel', jobId], env());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(oneLine(result)).toBe(`s3-bulk-restore: JobAlreadyFinished: Job ${jobId} already ended Complete: there is nothing to cancel`);
  });
});

describe('one error boundary: one line on stderr and the exit code', () => {
  it('bad input → 2: no API URL, a bad flag, a 400 naming the field, an unknown job (404), a wrong API key (403)', async () => {
    const unknownJob = '00000000-0000-4000-8000-000000000000';
    const results = await Promise.all([
      runCli(['status', unknownJob]),
      runCli(['watch', unknownJob, '--interval', '0'], env()),
      runCli(['create', '--bucket', manifest.bucket, '--key', manifest.key, '--tier', 'FAST'], env()),
      runCli(['watch', unknownJob], env()),
      runCli(['list', '--api-key', 'wrong'], env()),
    ]);
    const [noUrl, badFlag, badTier, unknown, wrongKey] = results;

    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(results.map((r) => r.stdout)).toEqual(['', '', '', '', '']);
    expect(oneLine(noUrl!)).toBe('s3-bulk-restore: no API to talk to: pass --api-url URL or set S3_BULK_RESTORE_API_URL');
    expect(oneLine(badFlag!)).toMatch(/--interval <seconds>.*'0' is invalid/);
    expect(oneLine(badTier!)).toBe('s3-bulk-restore: InvalidRequest: tier must be one of STANDARD, BULK, EXPEDITED (field tier)');
    expect(oneLine(unknown!)).toBe(`s3-bulk-restore: JobNotFound: There is no job ${unknownJob} (field id)`);
    expect(oneLine(wrongKey!)).toBe('s3-bulk-restore: Http403: Forbidden (check --api-key or S3_BULK_RESTORE_API_KEY)');
  });

  it('an unreachable API or a 5xx → 1', async () => {
    const closedPort = `http://127.0.0.1:${await freePort()}`;
    api.failWith502(true);
    const [unreachable, gateway] = await Promise.all([runCli(['list', '--api-url', closedPort]), runCli(['status', 'some-job'], env())]).finally(() => api.failWith502(false));

    expect([unreachable.code, gateway.code]).toEqual([1, 1]);
    expect(oneLine(unreachable)).toBe(`s3-bulk-restore: ApiUnreachable: cannot reach ${closedPort}/jobs (ECONNREFUSED)`);
    expect(oneLine(gateway)).toBe('s3-bulk-restore: Http502: Internal server error');
  });

  it('--help of a job command documents every exit code', async () => {
    const help = await runCli(['watch', '--help']);
    expect(help.code).toBe(0);
    for (const code of [0, 1, 2, 3, 4, 5, 6]) expect(help.stdout).toMatch(new RegExp(`^  ${code}  \\S`, 'm'));
  });
});

/** A port nothing listens on: bound by the OS, then released. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
