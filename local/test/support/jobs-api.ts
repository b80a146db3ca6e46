/**
 * The jobs HTTP API for CLI tests, until the local runner hosts it: the REAL jobs-service
 * handlers (`POST /create-job`, `GET /jobs/{id}`, `GET /jobs`) and use cases behind a small
 * HTTP server that turns requests into API Gateway REST (v1) proxy events and checks `x-api-key`
 * as API Gateway does (403 `{"message":"Forbidden"}`). Manifests live in the sandbox's S3 and
 * Batch Operations jobs in its S3 Control (the real AWS adapters); jobs in the in-memory store.
 * The restore-tracker is played by the test: {@link JobsApi.startRestoring}, `progress` and
 * `finish` hand the app the tracker events it would get from the bus.
 *
 * Swap this module for the local runner once it exists: tests only use `url`, `apiKey` and the
 * tracker drivers.
 */
import { randomUUID } from 'node:crypto';
import { DETAIL_TYPES, SOURCES, emptyCounts } from '@s3-bulk-restore/shared';
import type { JobFinished, ObjectCounts } from '@s3-bulk-restore/shared';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { S3ControlBatchOperations } from '../../../services/jobs/src/adapters/aws/s3-control-batch-operations.js';
import { S3ManifestInspector } from '../../../services/jobs/src/adapters/aws/s3-manifest-inspector.js';
import { createJobsApp } from '../../../services/jobs/src/app/app.js';
import type { JobsApp } from '../../../services/jobs/src/app/app.js';
import { createCancelJobHandler } from '../../../services/jobs/src/handlers/cancel-job.js';
import { createCreateJobHandler } from '../../../services/jobs/src/handlers/create-job.js';
import { createGetJobHandler } from '../../../services/jobs/src/handlers/get-job.js';
import { createListJobsHandler } from '../../../services/jobs/src/handlers/list-jobs.js';
import { RecordingBus } from '../../../services/jobs/test/fakes/fake-ports.js';
import { MemoryJobStore } from '../../../services/jobs/test/fakes/memory-job-store.js';
import { lambdaContext } from '../../../services/jobs/test/support/lambda-events.js';
import { REPO_ROOT } from '../../src/runner/index.js';
import { startGateway } from '../../src/runner/gateway.js';
import { readAllServices } from '../../src/wiring/index.js';
import { ACCOUNT, createBuckets, jobsTestSettings, putManifest, putObjects, startBatchSandbox } from '../sandbox/batch-support.js';
import type { BatchHarness } from '../sandbox/batch-support.js';

const API_KEY = 'cli-test-key-0123456789';
const MANIFEST_BUCKET = 'manifests';

type HttpHandler = (event: never, context: Context) => Promise<APIGatewayProxyResult>;

export interface JobsApi {
  url: string;
  apiKey: string;
  app: JobsApp;
  /** Put `count` archived objects and a manifest naming them; returns where the manifest is. */
  manifest(name: string, count: number): Promise<{ bucket: string; key: string }>;
  /** The id of the next job created through the API (resolves once it is stored). */
  nextCreatedJob(): Promise<string>;
  /** Create a job through the use case (no HTTP), for tests about reading jobs. */
  createJob(manifest: { bucket: string; key: string }, clientTag?: string): Promise<string>;
  /** The tracker registered every line; the Batch job is confirmed and the job is `Restoring`. */
  startRestoring(jobId: string, totalObjects: number): Promise<void>;
  progress(jobId: string, counts: Partial<ObjectCounts>, percent: number): Promise<void>;
  finish(jobId: string, status: JobFinished['status'], counts: Partial<ObjectCounts>, options?: { percent?: number; reason?: string; failures?: JobFinished['failures'] }): Promise<void>;
  /** Answer every request with API Gateway's 502 (the integration failed) until called with false. */
  failWith502(on: boolean): void;
  close(): Promise<void>;
}

export async function startJobsApi(): Promise<JobsApi> {
  const h = await startBatchSandbox();
  await createBuckets(h.s3, 'archive', MANIFEST_BUCKET, 'reports');
  const app = createJobsApp({
    store: new MemoryJobStore(),
    manifests: new S3ManifestInspector({ client: h.s3 }),
    batch: new S3ControlBatchOperations({ client: h.control, accountId: ACCOUNT }),
    bus: new RecordingBus(),
    now: () => new Date(h.sandbox.clock.now()),
    newId: randomUUID,
    settings: jobsTestSettings('cli-test'),
  });
  const created: Array<(jobId: string) => void> = [];
  const observed: JobsApp = {
    ...app,
    async createJob(body, options) {
      const response = await app.createJob(body, options);
      created.splice(0).forEach((notify) => notify(response.BulkJobId));
      return response;
    },
  };
  // The jobs service's own routes (serverless.yml), behind the runner's API Gateway stand-in.
  const handlers: Record<string, HttpHandler> = {
    'jobs/createJob': createCreateJobHandler(observed),
    'jobs/getJob': createGetJobHandler(app),
    'jobs/listJobs': createListJobsHandler(app),
    'jobs/cancelJob': createCancelJobHandler(app),
  };
  let broken = false;
  const gateway = await startGateway([readAllServices(REPO_ROOT, { stage: 'test' })['jobs']!], {
    apiKey: API_KEY,
    stage: 'test',
    invoke: async (name, event) => {
      if (broken) throw new Error('the integration failed'); // the gateway answers 502
      const handler = handlers[name];
      if (!handler) throw new Error(`no handler for ${name}`);
      return handler(event as never, lambdaContext('jobs-cli-test'));
    },
  });

  const tracker = trackerDriver(app, h);
  return {
    url: gateway.url,
    apiKey: API_KEY,
    app,
    async manifest(name, count) {
      const keys = Array.from({ length: count }, (_, i) => `${name}/object-${String(i).padStart(4, '0')}.bin`);
      await putObjects(h.s3, 'archive', keys);
      const key = `${name}.csv`;
      await putManifest(h.s3, MANIFEST_BUCKET, key, keys.map((k): [string, string] => ['archive', k]));
      return { bucket: MANIFEST_BUCKET, key };
    },
    nextCreatedJob: () => new Promise<string>((resolve) => created.push(resolve)),
    async createJob(manifest, clientTag) {
      const response = await app.createJob({ ...manifest, tier: 'BULK', expiration_days: 1, ...(clientTag ? { client_tag: clientTag } : {}) });
      return response.BulkJobId;
    },
    ...tracker,
    failWith502(on) {
      broken = on;
    },
    async close() {
      await gateway.close();
      await h.close();
    },
  };
}

/** The restore-tracker's events, in its envelope, each a virtual second after the last. */
function trackerDriver(app: JobsApp, h: BatchHarness): Pick<JobsApi, 'startRestoring' | 'progress' | 'finish'> {
  const at = () => new Date(h.sandbox.clock.advance(1000)).toISOString();
  const send = (detailType: string, detail: object) =>
    app.onTrackerEvent({ version: '0', id: randomUUID(), 'detail-type': detailType, source: SOURCES.tracker, account: ACCOUNT, time: at(), region: 'us-east-1', resources: [], detail });
  const batchJobOf = async (jobId: string) => (await app.getJob(jobId)).BatchJobId;
  return {
    async startRestoring(jobId, totalObjects) {
      const ready = { schemaVersion: 1 as const, jobId, batchJobId: await batchJobOf(jobId), totalObjects, manifestLines: totalObjects, duplicateLines: 0, readyAt: at() };
      await send(DETAIL_TYPES.jobTrackingReady, ready);
      // S3 reads the manifest before the Batch job can be confirmed (Preparing → Suspended).
      h.sandbox.clock.advance(60_000);
      await app.onTrackingReady(ready);
    },
    async progress(jobId, counts, percent) {
      const detail = { schemaVersion: 1, jobId, batchJobId: await batchJobOf(jobId), status: 'Restoring', ...totals(counts), progressPercent: percent, at: at() };
      await send(DETAIL_TYPES.jobProgressed, detail);
    },
    async finish(jobId, status, counts, options = {}) {
      const detail: Record<string, unknown> = { schemaVersion: 1, jobId, batchJobId: await batchJobOf(jobId), status, ...totals(counts), progressPercent: options.percent ?? 100, at: at() };
      if (options.reason) detail['reason'] = options.reason;
      if (options.failures) detail['failures'] = options.failures;
      await send(DETAIL_TYPES.jobFinished, detail);
    },
  };
}

function totals(partial: Partial<ObjectCounts>): { totalObjects: number; counts: ObjectCounts } {
  const counts = { ...emptyCounts(), ...partial };
  return { totalObjects: Object.values(counts).reduce((a, b) => a + b, 0), counts };
}
