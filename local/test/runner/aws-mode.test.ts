/**
 * The local runner with `--aws`: S3 and S3 Batch Operations are whatever the SDK reaches with the
 * default credential chain and `AWS_ENDPOINT_URL` — here a separate sandbox standing in for AWS,
 * with no event destination, as no EventBridge reaches a laptop. The job is created, confirmed
 * and restored there, and finishes through the reconciliation sweep alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { SANDBOX_CREDENTIALS, sandboxS3Client } from '../../src/sandbox/clients.js';

let aws: Sandbox;
let runner: Runner;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startSandbox({ timeScale: 14_400, seed: 5, log: () => undefined });
  const s3 = sandboxS3Client(aws.endpoint);
  await s3.send(new CreateBucketCommand({ Bucket: 'my-reports' }));
  s3.destroy();
  // The default credential chain reads these.
  process.env['AWS_ACCESS_KEY_ID'] = SANDBOX_CREDENTIALS.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = SANDBOX_CREDENTIALS.secretAccessKey;
  runner = await startRunner({
    db: ':memory:',
    port: 0,
    aws: {
      region: 'us-east-1',
      accountId: aws.context.accountId,
      reportBucket: 'my-reports',
      batchRoleArn: `arn:aws:iam::${aws.context.accountId}:role/batch-restore`,
      env: { AWS_ENDPOINT_URL: aws.endpoint },
    },
    // Sweep from the start (the deployment waits an hour), so the test need not.
    environment: { SWEEP_AFTER_MINUTES: '0' },
    log: () => undefined,
  });
});

afterAll(async () => {
  await runner?.close();
  await aws?.close();
  process.env = saved;
});

async function api(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${runner.apiUrl}${route}`, {
    method,
    headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('the local runner against S3 (--aws), with no restore events', () => {
  it('finishes a job through the reconciliation sweep: exact counts, one Complete', async () => {
    expect(runner.s3Endpoint).toBeUndefined();
    const seeded = (await (
      await fetch(`${aws.endpoint}/_sandbox/seed`, {
        method: 'POST',
        body: JSON.stringify({ bucket: 'my-archive', count: 60, classes: { GLACIER: 1 }, notArchived: 2, missing: 1, awkwardShare: 0.2 }),
      })
    ).json()) as { manifest: { bucket: string; key: string } };
    const notifications: Array<Record<string, unknown>> = [];
    runner.onNotification((n) => notifications.push(n as unknown as Record<string, unknown>));

    const created = await api('POST', '/create-job', { bucket: seeded.manifest.bucket, key: seeded.manifest.key, tier: 'BULK', expiration_days: 1 });
    const jobId = created['BulkJobId'] as string;
    // Registration, then the Batch job is confirmed over S3 Control and runs on the "AWS" side.
    for (let i = 0; i < 200 && (await api('GET', `/jobs/${jobId}`))['Status'] !== 'Restoring'; i++) await new Promise((r) => setTimeout(r, 50));
    const batchJobId = created['BatchOperation'] as { JobId: string };
    for (let i = 0; i < 200; i++) {
      const jobs = (await (await fetch(`${aws.endpoint}/_sandbox/jobs`)).json()) as { jobs: Array<{ jobId: string; status: string }> };
      if (jobs.jobs.find((j) => j.jobId === batchJobId.JobId)?.status === 'Complete') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // 12 virtual hours (3 s) later every Glacier Bulk restore is done; no event told the runner.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await api('GET', `/jobs/${jobId}`)).toMatchObject({ Status: 'Restoring', Counts: expect.objectContaining({ restored: 0 }) });

    // What the schedules would run: the poller (Batch status + report), then the sweep.
    await runner.invoke('restore-tracker/pollBatchJobs');
    await runner.invoke('restore-tracker/sweepRestores');
    await runner.idle();
    const job = await api('GET', `/jobs/${jobId}`);
    expect(job).toMatchObject({ Status: 'Complete', TotalObjects: 63, Counts: expect.objectContaining({ restored: 60, available: 2, failed: 1 }) });
    const finished = notifications.filter((n) => n['EventType'] === 'Finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ Status: 'Complete', RestoredObjects: 60, AvailableObjects: 2, FailedObjects: 1, PendingObjects: 0 });

    // Another sweep finds nothing to do.
    await runner.invoke('restore-tracker/sweepRestores');
    await runner.idle();
    expect(notifications.filter((n) => n['EventType'] === 'Finished')).toHaveLength(1);
  }, 60_000);
});
