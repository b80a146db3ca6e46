/**
 * The `RestoreJobRequested` bus command through its handler factory, on the in-memory job store
 * and the sandbox's S3 and S3 Control (the real manifest inspector and Batch Operations adapters):
 * a valid command makes the job and its gated Batch job; a refused one makes one `JobRejected`
 * with the field or manifest line and nothing in S3; a redelivered one makes one job.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { S3ControlBatchOperations } from '../../../services/jobs/src/adapters/aws/s3-control-batch-operations.js';
import { S3ManifestInspector } from '../../../services/jobs/src/adapters/aws/s3-manifest-inspector.js';
import { createJobsApp } from '../../../services/jobs/src/app/app.js';
import type { JobsApp } from '../../../services/jobs/src/app/app.js';
import { createOnRestoreJobRequestedHandler } from '../../../services/jobs/src/handlers/on-restore-job-requested.js';
import { RecordingBus } from '../../../services/jobs/test/fakes/fake-ports.js';
import { MemoryJobStore } from '../../../services/jobs/test/fakes/memory-job-store.js';
import { lambdaContext } from '../../../services/jobs/test/support/lambda-events.js';
import { ACCOUNT, createBuckets, jobsTestSettings, describeJob, putManifest, putObjects, startBatchSandbox } from '../sandbox/batch-support.js';
import type { BatchHarness } from '../sandbox/batch-support.js';

const SOURCE = 'com.example.archive-portal';

let h: BatchHarness;
let store: MemoryJobStore;
let bus: RecordingBus;
let app: JobsApp;

beforeAll(async () => {
  h = await startBatchSandbox();
  await createBuckets(h.s3, 'archive', 'manifests', 'reports');
  await putObjects(h.s3, 'archive', ['scans/page 1.tif', 'scans/page+2.tif']);
  await putManifest(h.s3, 'manifests', 'good.csv', [['archive', 'scans/page 1.tif'], ['archive', 'scans/page+2.tif']]);
  // A first row with one field: not Bucket,Key[,VersionId].
  await h.s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'bad-first-line.csv', Body: 'archive\narchive,scans/page+2.tif\n' }));
  store = new MemoryJobStore();
  bus = new RecordingBus();
  app = createJobsApp({
    store,
    manifests: new S3ManifestInspector({ client: h.s3 }),
    batch: new S3ControlBatchOperations({ client: h.control, accountId: ACCOUNT }),
    bus,
    now: () => new Date(h.sandbox.clock.now()),
    newId: randomUUID,
    settings: jobsTestSettings('bus-command-test'),
  });
});

afterAll(async () => {
  await h?.close();
});

/** The envelope Lambda gets from the rule, around a detail. */
function commandEvent(detail: unknown, id: string = randomUUID()) {
  return { version: '0', id, 'detail-type': 'RestoreJobRequested', source: SOURCE, account: ACCOUNT, time: '2030-01-01T10:30:00Z', region: 'us-east-1', resources: [], detail };
}

async function deliver(event: ReturnType<typeof commandEvent>) {
  return createOnRestoreJobRequestedHandler(app, () => undefined)(event as never, lambdaContext());
}

function rejectedFor(eventId: string) {
  return bus.events.filter((e) => e.detailType === 'JobRejected' && (e.detail as { request: { eventId: string } }).request.eventId === eventId).map((e) => contracts.jobRejected.parse(e.detail));
}

describe('RestoreJobRequested on the in-memory store and the sandbox', () => {
  it('a valid command creates the job and its gated Batch job, and is visible like any job', async () => {
    const event = commandEvent({ bucket: 'manifests', key: 'good.csv', tier: 'BULK', expiration_days: 2, client_tag: 'portal' });

    const outcome = await deliver(event);

    expect(outcome).toMatchObject({ outcome: 'created' });
    const { jobId, batchJobId } = outcome as { jobId: string; batchJobId: string };
    expect(await app.getJob(jobId)).toMatchObject({ JobId: jobId, BatchJobId: batchJobId, Status: 'Preparing', ClientTag: 'portal', Manifest: { Bucket: 'manifests', Key: 'good.csv' } });
    h.sandbox.clock.advance(60_000);
    expect((await describeJob(h.control, batchJobId)).Status).toBe('Suspended');
    expect(bus.events.filter((e) => e.detailType === 'JobCreated').map((e) => (e.detail as { jobId: string }).jobId)).toContain(jobId);
    expect(rejectedFor(event.id)).toEqual([]);
  });

  it('the same event delivered twice makes one job and one Batch job', async () => {
    const event = commandEvent({ bucket: 'manifests', key: 'good.csv', tier: 'STANDARD', expiration_days: 1 });
    const batchJobsBefore = h.sandbox.context.batch.list().length;
    const jobsBefore = store.jobs.size;

    const first = await deliver(event);
    const second = await deliver(event);

    expect(second).toEqual(first);
    expect(store.jobs.size).toBe(jobsBefore + 1);
    expect(h.sandbox.context.batch.list()).toHaveLength(batchJobsBefore + 1);
  });

  it.each([
    ['a bad tier', { bucket: 'manifests', key: 'good.csv', tier: 'EXPEDITED' }, { code: 'TierNotSupported', field: 'tier' }],
    ['a tier the schema does not know', { bucket: 'manifests', key: 'good.csv', tier: 'GLACIER' }, { code: 'InvalidRequest', field: 'tier' }],
    ['a missing manifest', { bucket: 'manifests', key: 'missing.csv', tier: 'BULK' }, { code: 'ManifestNotFound', field: 'key' }],
    ['a manifest with a bad first line', { bucket: 'manifests', key: 'bad-first-line.csv', tier: 'BULK' }, { code: 'InvalidManifest', field: 'key', line: 1 }],
  ])('%s: one JobRejected with the reason, and no job or Batch job', async (_label, detail, reason) => {
    const token = `tok-${randomUUID()}`;
    const event = commandEvent({ ...detail, client_tag: 'portal', client_token: token });
    const jobsBefore = store.jobs.size;
    const batchJobsBefore = h.sandbox.context.batch.list().length;

    const outcome = await deliver(event);

    expect(outcome).toEqual({ outcome: 'rejected', ...reason });
    const rejected = rejectedFor(event.id);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ request: { eventId: event.id, source: SOURCE, clientTag: 'portal', clientToken: token }, error: reason });
    expect(store.jobs.size).toBe(jobsBefore);
    expect(h.sandbox.context.batch.list()).toHaveLength(batchJobsBefore);
  });
});
