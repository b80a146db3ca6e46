/** The tracker's use cases bound to their dependencies: what handlers and the local runner call. */
import type { JobCancelRequested, JobCreated, JobObjectList } from '@s3-bulk-restore/shared';
import { cancelRequested } from './cancel-job.js';
import type { CancelOutcome } from './cancel-job.js';
import type { TrackerDeps } from './deps.js';
import { listObjects } from './list-objects.js';
import { pollBatchJobs } from './poll-batch-jobs.js';
import type { PollOptions, PollResult } from './poll-batch-jobs.js';
import { recordRestoreEvents } from './record-restore-events.js';
import type { QueueMessage, RecordRestoreEventsResult } from './record-restore-events.js';
import { registerManifest } from './register-manifest.js';
import { sweepJobs } from './sweep.js';
import type { SweepOptions, SweepResult } from './sweep.js';
import type { RegisterManifestResult } from './register-manifest.js';

/** The tracker's use cases, ready to call. */
export interface TrackerApp {
  /** `JobCreated`: register the manifest's objects, then announce `JobTrackingReady` (or fail the job). */
  registerManifest(job: JobCreated): Promise<RegisterManifestResult>;
  /** A batch of queue messages holding S3 restore events; returns the messages that failed. */
  recordRestoreEvents(messages: QueueMessage[]): Promise<RecordRestoreEventsResult>;
  /** `JobCancelRequested`: end the job `Cancelled` (once), the counts as they are. */
  cancelRequested(request: JobCancelRequested): Promise<CancelOutcome>;
  /** The schedule: follow the Batch jobs of active jobs; end those past their deadline `Timeout`. */
  pollBatchJobs(): Promise<PollResult>;
  /** The schedule: the reconciliation sweep over restoring jobs' unsettled objects. */
  sweep(): Promise<SweepResult>;
  /** `GET /jobs/{id}/objects`: a page of the job's objects, by state, failed ones with their reason. */
  listObjects(id: unknown, query?: unknown): Promise<JobObjectList>;
}

/** Bind the use cases to `deps` (the composition root and tests call this). */
export function createTrackerApp(deps: TrackerDeps, pollOptions: PollOptions = {}, sweepOptions: SweepOptions = {}): TrackerApp {
  return {
    registerManifest: (job) => registerManifest(deps, job),
    recordRestoreEvents: (messages) => recordRestoreEvents(deps, messages),
    cancelRequested: (request) => cancelRequested(deps, request),
    pollBatchJobs: () => pollBatchJobs(deps, pollOptions),
    sweep: () => sweepJobs(deps, sweepOptions),
    listObjects: (id, query) => listObjects(deps, id, query),
  };
}
