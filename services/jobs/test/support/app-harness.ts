/** The real use cases on fakes: an in-memory store, a fake manifest inspector, Batch Operations and bus. */
import { createJobsApp } from '../../src/app/app.js';
import type { JobsApp } from '../../src/app/app.js';
import type { JobsDeps } from '../../src/app/deps.js';
import { FakeBatchOperations, FakeManifestInspector, RecordingBus } from '../fakes/fake-ports.js';
import { MemoryJobStore } from '../fakes/memory-job-store.js';
import { T0 } from './fixtures.js';

export interface AppHarness {
  app: JobsApp;
  deps: JobsDeps;
  store: MemoryJobStore;
  manifests: FakeManifestInspector;
  batch: FakeBatchOperations;
  bus: RecordingBus;
}

export const SETTINGS = {
  reportBucket: 'bulk-restore-reports',
  batchRoleArn: 'arn:aws:iam::123456789012:role/batch-restore',
  accountId: '123456789012',
  notificationTopicArn: 'arn:aws:sns:us-east-1:123456789012:s3-bulk-restore-test-notifications',
  notificationQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/s3-bulk-restore-test-notifications',
  idempotencyNamespace: 'test',
};

export function appHarness(): AppHarness {
  const store = new MemoryJobStore();
  const manifests = new FakeManifestInspector();
  manifests.manifests.set('my-manifests/restores/2026-11-26.csv', { etag: '9b2cf535f27731c974343645a3985328', size: 48213, hasVersionColumn: false });
  manifests.manifests.set('my-manifests/versioned.csv', { etag: 'abc123', size: 90, versionId: 'v-1', hasVersionColumn: true });
  const batch = new FakeBatchOperations();
  const bus = new RecordingBus();
  let ids = 0;
  let clock = T0;
  const deps: JobsDeps = {
    store,
    manifests,
    batch,
    bus,
    now: () => new Date((clock += 1000)),
    newId: () => `11111111-1111-4111-8111-${String(++ids).padStart(12, '0')}`,
    settings: SETTINGS,
  };
  return { app: createJobsApp(deps), deps, store, manifests, batch, bus };
}

/** A valid create-job body (the docs/events.md example). */
export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { bucket: 'my-manifests', key: 'restores/2026-11-26.csv', tier: 'BULK', expiration_days: 7, client_tag: 'legal-hold-2026', ...overrides };
}
