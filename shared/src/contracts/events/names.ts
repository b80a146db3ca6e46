/** Where our events come from and what they are called on the bus. */
export const SOURCES = {
  jobs: 's3-bulk-restore.jobs',
  tracker: 's3-bulk-restore.restore-tracker',
  s3: 'aws.s3',
} as const;

export const DETAIL_TYPES = {
  jobCreated: 'JobCreated',
  jobTrackingReady: 'JobTrackingReady',
  jobProgressed: 'JobProgressed',
  jobFinished: 'JobFinished',
  /** `POST /jobs/{id}/cancel` was accepted: the tracker ends the job `Cancelled`. */
  jobCancelRequested: 'JobCancelRequested',
  /** A command from another system (any source but ours): create a job. */
  restoreJobRequested: 'RestoreJobRequested',
  /** Our answer to a `RestoreJobRequested` that was refused. */
  jobRejected: 'JobRejected',
  /** The tracker to itself: register one range of a big manifest (fanned-out registration). */
  manifestRangeRequested: 'ManifestRangeRequested',
  s3RestoreInitiated: 'Object Restore Initiated',
  s3RestoreCompleted: 'Object Restore Completed',
  s3RestoreExpired: 'Object Restore Expired',
  /** S3 Batch Operations' `JobStatusChanged` (and `JobCreated`): CloudTrail service events, `source: aws.s3`. */
  awsServiceEventViaCloudTrail: 'AWS Service Event via CloudTrail',
} as const;

export const S3_RESTORE_DETAIL_TYPES = [DETAIL_TYPES.s3RestoreInitiated, DETAIL_TYPES.s3RestoreCompleted, DETAIL_TYPES.s3RestoreExpired] as const;
