import type { BatchOperations, BusPublisher, JobStore, ManifestInspector } from './ports.js';

/** Values from configuration the use cases need. */
export interface JobsSettings {
  /** Where Batch Operations writes completion reports (a bucket name). */
  reportBucket: string;
  /** The role S3 Batch Operations assumes. */
  batchRoleArn: string;
  accountId: string;
  /** Returned to the caller of create-job: where notifications are published. */
  notificationTopicArn: string;
  notificationQueueUrl: string;
  /** Scopes ids derived from idempotency keys (the stage). */
  idempotencyNamespace: string;
}

/** Everything the use cases depend on; time and ids are injected so tests are deterministic. */
export interface JobsDeps {
  store: JobStore;
  manifests: ManifestInspector;
  batch: BatchOperations;
  bus: BusPublisher;
  now: () => Date;
  newId: () => string;
  settings: JobsSettings;
}
