/**
 * The jobs service as deployed, minus API Gateway and Lambda: `compose(readConfig(env))` with the
 * SDK endpoint overrides pointing DynamoDB and EventBridge at moto_server and S3 / S3 Control at
 * the sandbox, driven through the handler factories with real event shapes. Tables come from
 * services/jobs/serverless.yml; JobCreated is read back from an SQS queue behind a bus rule.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { contracts } from '@s3-bulk-restore/shared';
import { compose } from '../../../services/jobs/src/compose.js';
import { readConfig } from '../../../services/jobs/src/config.js';
import { createCreateJobHandler } from '../../../services/jobs/src/handlers/create-job.js';
import { createGetJobHandler } from '../../../services/jobs/src/handlers/get-job.js';
import { createOnTrackerEventHandler } from '../../../services/jobs/src/handlers/on-tracker-event.js';
import { createOnTrackingReadyHandler } from '../../../services/jobs/src/handlers/on-tracking-ready.js';
import type { JobsApp } from '../../../services/jobs/src/app/app.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../tools/testing/moto.js';
import type { MotoServer } from '../../../tools/testing/moto.js';
import { createServiceTables } from '../../../tools/testing/dynamo-tables.js';
import { callHttp, lambdaContext } from '../../../services/jobs/test/support/lambda-events.js';
import type { BatchHarness } from '../sandbox/batch-support.js';
import { ACCOUNT, createBuckets, jobsTestEnvironment, describeJob, putManifest, putObjects, startBatchSandbox } from '../sandbox/batch-support.js';

const jobsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../services/jobs');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const quiet = () => undefined;

const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`${MOTO_MISSING}\n`);

describeMoto('jobs composed on moto (DynamoDB, EventBridge) and the sandbox (S3, S3 Control)', () => {
  let moto: MotoServer;
  let h: BatchHarness;
  let sqs: SQSClient;
  let queueUrl: string;
  let app: JobsApp;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    callHttp(createCreateJobHandler(app), {
      method: 'POST',
      resource: '/create-job',
      path: '/create-job',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });
  const get = async (id: string) => {
    const res = await callHttp(createGetJobHandler(app), { method: 'GET', resource: '/jobs/{id}', path: `/jobs/${id}`, pathParameters: { id } });
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
  };
  const trackerEvent = (detailType: string, detail: object) => ({
    version: '0',
    id: `e-${detailType}`,
    'detail-type': detailType,
    source: 's3-bulk-restore.restore-tracker',
    account: ACCOUNT,
    time: '2030-01-01T10:31:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  });
  /** Events that reached the queue: waits up to `rounds` long polls of 1 s for `expected` of them. */
  const receive = async (expected: number, rounds = 10) => {
    const seen: Array<{ 'detail-type': string; detail: Record<string, unknown> }> = [];
    for (let i = 0; i < rounds && (expected === 0 || seen.length < expected); i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of out.Messages ?? []) {
        seen.push(JSON.parse(m.Body!));
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return seen;
  };

  beforeAll(async () => {
    moto = await startMoto();
    h = await startBatchSandbox();
    const tables = await createServiceTables(jobsDir, moto.endpoint, 'compose');
    const events = new EventBridgeClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    await events.send(new CreateEventBusCommand({ Name: 's3-bulk-restore-test' }));
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'job-created' }))).QueueUrl!;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: 'jobs-out', EventBusName: 's3-bulk-restore-test', EventPattern: JSON.stringify({ source: ['s3-bulk-restore.jobs'] }) }));
    await events.send(new PutTargetsCommand({ Rule: 'jobs-out', EventBusName: 's3-bulk-restore-test', Targets: [{ Id: 'q', Arn: Attributes!['QueueArn'] }] }));
    events.destroy();

    await createBuckets(h.s3, 'archive', 'manifests', 'reports');
    await putObjects(h.s3, 'archive', ['scans/page 1.tif', 'scans/page+2.tif']);
    await putManifest(h.s3, 'manifests', 'm.csv', [['archive', 'scans/page 1.tif'], ['archive', 'scans/page+2.tif']]);

    const config = readConfig(jobsTestEnvironment({ jobsTable: tables['JobsTable']!, busName: 's3-bulk-restore-test', motoEndpoint: moto.endpoint, sandboxEndpoint: h.sandbox.endpoint }));
    // Credentials come from the SDK's provider chain on AWS; the emulators take any.
    config.aws.credentials = credentials;
    app = compose(config);
  });
  afterAll(async () => {
    sqs?.destroy();
    await h?.close();
    await moto?.stop();
  });

  it('create-job → JobCreated on the bus → tracking ready confirms the Batch job → the read model follows to Complete', async () => {
    const created = await post({ bucket: 'manifests', key: 'm.csv', tier: 'BULK', expiration_days: 2, client_tag: 'compose' }, { 'Idempotency-Key': 'compose-1' });
    expect(created.statusCode).toBe(202);
    const response = JSON.parse(created.body) as { BulkJobId: string; BatchOperation: { JobId: string } };
    const batchJobId = response.BatchOperation.JobId;

    const [announced] = await receive(1);
    expect(announced?.['detail-type']).toBe('JobCreated');
    const detail = contracts.jobCreated.parse(announced!.detail);
    expect(detail).toMatchObject({ jobId: response.BulkJobId, batchJobId, manifest: { bucket: 'manifests', key: 'm.csv' }, tier: 'BULK', clientTag: 'compose' });

    // A retry: same response, still one Batch job, no second JobCreated.
    const retried = await post({ bucket: 'manifests', key: 'm.csv', tier: 'BULK', expiration_days: 2, client_tag: 'compose' }, { 'Idempotency-Key': 'compose-1' });
    expect(retried.body).toBe(created.body);
    expect(await receive(0, 2)).toEqual([]);

    h.sandbox.clock.advance(60_000);
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Suspended');
    const ready = { schemaVersion: 1, jobId: response.BulkJobId, batchJobId, totalObjects: 2, manifestLines: 2, duplicateLines: 0, readyAt: '2030-01-01T10:31:00.000Z' };
    await createOnTrackerEventHandler(app, quiet)(trackerEvent('JobTrackingReady', ready), lambdaContext());
    expect(await createOnTrackingReadyHandler(app, quiet)(trackerEvent('JobTrackingReady', ready), lambdaContext())).toEqual({ outcome: 'confirmed', jobId: response.BulkJobId });
    expect(['Ready', 'Active']).toContain((await describeJob(h.control, batchJobId)).Status);
    expect((await get(response.BulkJobId)).body).toMatchObject({ Status: 'Restoring', TotalObjects: 2, Counts: { registered: 2 } });

    const counts = { registered: 0, requested: 0, restoring: 0, restored: 2, available: 0, failed: 0 };
    await createOnTrackerEventHandler(app, quiet)(
      trackerEvent('JobFinished', { schemaVersion: 1, jobId: response.BulkJobId, batchJobId, status: 'Complete', totalObjects: 2, counts, progressPercent: 100, at: '2030-01-02T10:00:00.000Z' }),
      lambdaContext(),
    );
    const view = await get(response.BulkJobId);
    expect(view).toEqual({
      status: 200,
      body: expect.objectContaining({ Status: 'Complete', ProgressPercent: 100, FailedBatchFiles: 0, Counts: counts, FinishedAt: '2030-01-02T10:00:00.000Z' }),
    });
  });

  it('a manifest that does not exist: 400 ManifestNotFound, and no Batch job in S3', async () => {
    const before = h.sandbox.context.batch.list().length;
    const res = await post({ bucket: 'manifests', key: 'missing.csv', tier: 'STANDARD' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'ManifestNotFound', field: 'key' });
    expect(h.sandbox.context.batch.list()).toHaveLength(before);
  });

  it('a job that fails before confirmation has its Batch job cancelled', async () => {
    await putManifest(h.s3, 'manifests', 'bad-later.csv', [['archive', 'scans/page 1.tif']]);
    const res = JSON.parse((await post({ bucket: 'manifests', key: 'bad-later.csv', tier: 'BULK', expiration_days: 1 })).body) as { BulkJobId: string; BatchOperation: { JobId: string } };
    h.sandbox.clock.advance(60_000);
    const counts = { registered: 0, requested: 0, restoring: 0, restored: 0, available: 0, failed: 0 };
    const outcome = await createOnTrackerEventHandler(app, quiet)(
      trackerEvent('JobFinished', {
        schemaVersion: 1,
        jobId: res.BulkJobId,
        batchJobId: res.BatchOperation.JobId,
        status: 'Failed',
        totalObjects: 0,
        counts,
        progressPercent: 0,
        reason: 'The manifest has 1 bad line',
        failures: [{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 2 }],
        at: '2030-01-01T10:32:00.000Z',
      }),
      lambdaContext(),
    );
    expect(outcome.cancelledBatchJob).toBe(res.BatchOperation.JobId);
    h.sandbox.clock.advance(60_000);
    expect((await describeJob(h.control, res.BatchOperation.JobId)).Status).toBe('Cancelled');
    expect((await get(res.BulkJobId)).body).toMatchObject({ Status: 'Failed', Failures: [{ code: 'WrongColumnCount', line: 2 }] });
  });
});
