/** The tracker's use cases bound to their dependencies: what handlers and the local runner call. */
import type { JobCancelRequested, JobCreated, JobObjectList, ManifestRangeRequested } from '@s3-bulk-restore/shared';
import { batchJobStatusChanged } from './batch-job-status-changed.js';
import type { BatchJobStatusChange, BatchStatusEventResult } from './batch-job-status-changed.js';
import { cancelRequested } from './cancel-job.js';
import type { CancelOutcome } from './cancel-job.js';
import type { TrackerDeps } from './deps.js';
import { exportObjects } from './export-objects.js';
import type { ExportPage } from './export-objects.js';
import { listObjects } from './list-objects.js';
import { pollBatchJobs } from './poll-batch-jobs.js';
import type { PollOptions, PollResult } from './poll-batch-jobs.js';
import { recordRestoreEvents } from './record-restore-events.js';
import type { QueueMessage, RecordRestoreEventsResult } from './record-restore-events.js';
import { registerManifest, registerManifestRange } from './register-manifest.js';
import { sweepJobs } from './sweep.js';
import type { SweepOptions, SweepResult } from './sweep.js';
import type { RegisterManifestResult } from './register-manifest.js';

/** The tracker's use cases, ready to call. */
export interface TrackerApp {
  /** `JobCreated`: register the manifest's objects, then announce `JobTrackingReady` (or fail the job). */
  registerManifest(job: JobCreated): Promise<RegisterManifestResult>;
  /** `ManifestRangeRequested`: register one range of a big manifest; the last range in makes the job ready. */
  registerManifestRange(request: ManifestRangeRequested): Promise<RegisterManifestResult>;
  /** A batch of queue messages holding S3 restore events; returns the messages that failed. */
  recordRestoreEvents(messages: QueueMessage[]): Promise<RecordRestoreEventsResult>;
  /** `JobCancelRequested`: end the job `Cancelled` (once), the counts as they are. */
  cancelRequested(request: JobCancelRequested): Promise<CancelOutcome>;
  /** The schedule: follow the Batch jobs of active jobs; end those past their deadline `Timeout`. */
  pollBatchJobs(): Promise<PollResult>;
  /** S3 Batch Operations' `JobStatusChanged`: apply an ended Batch job's status now, as the poll would. */
  batchJobStatusChanged(change: BatchJobStatusChange): Promise<BatchStatusEventResult>;
  /** The schedule: the reconciliation sweep over restoring jobs' unsettled objects. */
  sweep(): Promise<SweepResult>;
  /** `GET /jobs/{id}/objects`: a page of the job's objects, by state, failed ones with their reason. */
  listObjects(id: unknown, query?: unknown): Promise<JobObjectList>;
  /** `GET /jobs/{id}/export`: a page of the job's readable objects with their expiry, as CSV, NDJSON or a Batch manifest. */
  exportObjects(id: unknown, query?: unknown): Promise<ExportPage>;
}

/** Bind the use cases to `deps` (the composition root and tests call this). */
export function createTrackerApp(deps: TrackerDeps, pollOptions: PollOptions = {}, sweepOptions: SweepOptions = {}): TrackerApp {
  return {
    registerManifest: (job) => registerManifest(deps, job),
    registerManifestRange: (request) => registerManifestRange(deps, request),
    recordRestoreEvents: (messages) => recordRestoreEvents(deps, messages),
    cancelRequested: (request) => cancelRequested(deps, request),
    pollBatchJobs: () => pollBatchJobs(deps, pollOptions),
    batchJobStatusChanged: (change) => batchJobStatusChanged(deps, change),
    sweep: () => sweepJobs(deps, sweepOptions),
    listObjects: (id, query) => listObjects(deps, id, query),
    exportObjects: (id, query) => exportObjects(deps, id, query),
  };
}
