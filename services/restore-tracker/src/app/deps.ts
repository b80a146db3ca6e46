import type { BusPublisher } from '@s3-bulk-restore/shared';
import type { BatchJobs, CompletionReports, Log, ManifestSource, ObjectObserver, TrackerStore } from './ports.js';

/** Everything the use cases need, built once by the composition root (or a test). */
export interface TrackerDeps {
  store: TrackerStore;
  manifests: ManifestSource;
  batchJobs: BatchJobs;
  /** The completion reports of Batch jobs (their failed tasks settle objects no S3 event will). */
  reports: CompletionReports;
  /** S3 as it is now, for the reconciliation sweep. */
  observer: ObjectObserver;
  bus: BusPublisher;
  /** Counter shards given to new jobs (COUNTER_SHARDS). */
  counterShards: number;
  /** Manifests bigger than this are registered in ranges of about this size, in parallel (REGISTRATION_RANGE_KIB). */
  registrationRangeBytes: number;
  /** Hours added to every job's deadline beyond the tier's window (TIMEOUT_MARGIN_HOURS; app/deadline.ts). */
  timeoutMarginHours: number;
  now: () => Date;
  log: Log;
}
