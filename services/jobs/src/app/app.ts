/**
 * The jobs service's use cases bound to their dependencies: what handlers, the local runner and
 * the CLI call.
 */
import type { CreateJobResponse, JobList, JobTrackingReady, JobView } from '@s3-bulk-restore/shared';
import { cancelJob } from './cancel-job.js';
import { createJob } from './create-job.js';
import type { CreateJobOptions } from './create-job.js';
import type { JobsDeps } from './deps.js';
import { getJob, listJobs } from './queries.js';
import { onRestoreJobRequested } from './restore-job-requested.js';
import type { RestoreJobCommand, RestoreJobRequestOutcome } from './restore-job-requested.js';
import { confirmReadyJobs, onTrackerEvent, onTrackingReady } from './tracker-events.js';
import type { ConfirmOutcome, TrackerEventOutcome } from './tracker-events.js';
import { openApiDocument } from '../openapi/document.js';
import type { OpenApiDocument } from '../openapi/document.js';

export interface JobsApp {
  createJob(body: unknown, options?: CreateJobOptions): Promise<CreateJobResponse>;
  getJob(id: unknown): Promise<JobView>;
  listJobs(query?: unknown): Promise<JobList>;
  /** `POST /jobs/{id}/cancel`: cancel the Batch job, ask the tracker to end the job `Cancelled`; the job as it stands. */
  cancelJob(id: unknown): Promise<JobView>;
  onTrackingReady(ev: JobTrackingReady): Promise<{ outcome: ConfirmOutcome; jobId: string }>;
  onTrackerEvent(envelope: unknown): Promise<TrackerEventOutcome>;
  confirmReadyJobs(options?: { maxJobs?: number }): Promise<{ confirmed: string[]; pending: string[] }>;
  /** A `RestoreJobRequested` command from the bus: the job, or a `JobRejected` published. */
  onRestoreJobRequested(command: RestoreJobCommand): Promise<RestoreJobRequestOutcome>;
  /** The OpenAPI description of the HTTP API. */
  openApiDocument(): OpenApiDocument;
}

export function createJobsApp(deps: JobsDeps): JobsApp {
  return {
    createJob: (body, options) => createJob(deps, body, options),
    getJob: (id) => getJob(deps, id),
    listJobs: (query) => listJobs(deps, query),
    cancelJob: (id) => cancelJob(deps, id),
    onTrackingReady: (ev) => onTrackingReady(deps, ev),
    onTrackerEvent: (envelope) => onTrackerEvent(deps, envelope),
    confirmReadyJobs: (options) => confirmReadyJobs(deps, options),
    onRestoreJobRequested: (command) => onRestoreJobRequested(deps, command),
    openApiDocument,
  };
}
