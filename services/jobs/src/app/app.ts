/**
 * The jobs service's use cases bound to their dependencies: what handlers, the local runner and
 * the CLI call.
 */
import type { CreateJobResponse, JobList, JobTrackingReady, JobView } from '@s3-bulk-restore/shared';
import { createJob } from './create-job.js';
import type { CreateJobOptions } from './create-job.js';
import type { JobsDeps } from './deps.js';
import { getJob, listJobs } from './queries.js';
import { confirmReadyJobs, onTrackerEvent, onTrackingReady } from './tracker-events.js';
import type { ConfirmOutcome, TrackerEventOutcome } from './tracker-events.js';

export interface JobsApp {
  createJob(body: unknown, options?: CreateJobOptions): Promise<CreateJobResponse>;
  getJob(id: unknown): Promise<JobView>;
  listJobs(query?: unknown): Promise<JobList>;
  onTrackingReady(ev: JobTrackingReady): Promise<{ outcome: ConfirmOutcome; jobId: string }>;
  onTrackerEvent(envelope: unknown): Promise<TrackerEventOutcome>;
  confirmReadyJobs(options?: { maxJobs?: number }): Promise<{ confirmed: string[]; pending: string[] }>;
}

export function createJobsApp(deps: JobsDeps): JobsApp {
  return {
    createJob: (body, options) => createJob(deps, body, options),
    getJob: (id) => getJob(deps, id),
    listJobs: (query) => listJobs(deps, query),
    onTrackingReady: (ev) => onTrackingReady(deps, ev),
    onTrackerEvent: (envelope) => onTrackerEvent(deps, envelope),
    confirmReadyJobs: (options) => confirmReadyJobs(deps, options),
  };
}
