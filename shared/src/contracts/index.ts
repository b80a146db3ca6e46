/** Every contract: its JSON Schema, its type, and a guard that validates at the edge. */
import { createJobBodySchema } from './http/create-job.js';
import type { CreateJobBody } from './http/create-job.js';
import { exportObjectsQuerySchema, jobObjectListSchema, listJobObjectsQuerySchema } from './http/job-objects.js';
import type { ExportObjectsQuery, JobObjectList, ListJobObjectsQuery } from './http/job-objects.js';
import { jobCreatedSchema } from './events/job-created.js';
import type { JobCreated } from './events/job-created.js';
import { jobTrackingReadySchema } from './events/job-tracking-ready.js';
import type { JobTrackingReady } from './events/job-tracking-ready.js';
import { jobProgressedSchema } from './events/job-progressed.js';
import type { JobProgressed } from './events/job-progressed.js';
import { jobFinishedSchema } from './events/job-finished.js';
import type { JobFinished } from './events/job-finished.js';
import { jobCancelRequestedSchema } from './events/job-cancel-requested.js';
import type { JobCancelRequested } from './events/job-cancel-requested.js';
import { restoreJobRequestedSchema } from './events/restore-job-requested.js';
import type { RestoreJobRequested } from './events/restore-job-requested.js';
import { manifestRangeRequestedSchema } from './events/manifest-range-requested.js';
import type { ManifestRangeRequested } from './events/manifest-range-requested.js';
import { jobRejectedSchema } from './events/job-rejected.js';
import type { JobRejected } from './events/job-rejected.js';
import { s3RestoreEventSchema } from './events/s3-restore.js';
import type { S3RestoreEvent } from './events/s3-restore.js';
import { batchJobStatusChangedSchema } from './events/batch-job-status-changed.js';
import type { BatchJobStatusChangedEvent } from './events/batch-job-status-changed.js';
import { busEnvelopeSchema } from './events/envelope.js';
import type { BusEnvelope } from './events/envelope.js';
import { notificationSchema } from './notification.js';
import type { Notification } from './notification.js';
import { contract } from './validate.js';

export * from './common.js';
export * from './validate.js';
export * from './http/create-job.js';
export * from './http/errors.js';
export * from './http/job-view.js';
export * from './http/job-objects.js';
export * from './events/names.js';
export * from './events/job-created.js';
export * from './events/job-tracking-ready.js';
export * from './events/job-progressed.js';
export * from './events/job-finished.js';
export * from './events/job-cancel-requested.js';
export * from './events/restore-job-requested.js';
export * from './events/job-rejected.js';
export * from './events/manifest-range-requested.js';
export * from './events/s3-restore.js';
export * from './events/batch-job-status-changed.js';
export * from './events/envelope.js';
export * from './notification.js';

export const contracts = {
  createJobBody: contract<CreateJobBody>('CreateJobRequest', createJobBodySchema, 'InvalidRequest', { useDefaults: true }),
  listJobObjectsQuery: contract<ListJobObjectsQuery>('ListJobObjectsQuery', listJobObjectsQuerySchema, 'InvalidRequest', { useDefaults: true }),
  jobObjectList: contract<JobObjectList>('JobObjectList', jobObjectListSchema),
  exportObjectsQuery: contract<ExportObjectsQuery>('ExportObjectsQuery', exportObjectsQuerySchema, 'InvalidRequest', { useDefaults: true }),
  jobCreated: contract<JobCreated>('JobCreated', jobCreatedSchema),
  jobTrackingReady: contract<JobTrackingReady>('JobTrackingReady', jobTrackingReadySchema),
  jobProgressed: contract<JobProgressed>('JobProgressed', jobProgressedSchema),
  jobFinished: contract<JobFinished>('JobFinished', jobFinishedSchema),
  jobCancelRequested: contract<JobCancelRequested>('JobCancelRequested', jobCancelRequestedSchema),
  restoreJobRequested: contract<RestoreJobRequested>('RestoreJobRequested', restoreJobRequestedSchema, 'InvalidRequest'),
  jobRejected: contract<JobRejected>('JobRejected', jobRejectedSchema),
  manifestRangeRequested: contract<ManifestRangeRequested>('ManifestRangeRequested', manifestRangeRequestedSchema),
  s3RestoreEvent: contract<S3RestoreEvent>('S3ObjectRestoreEvent', s3RestoreEventSchema),
  batchJobStatusChanged: contract<BatchJobStatusChangedEvent>('BatchJobStatusChangedEvent', batchJobStatusChangedSchema),
  busEnvelope: contract<BusEnvelope>('EventBridgeEvent', busEnvelopeSchema),
  notification: contract<Notification>('Notification', notificationSchema),
};
