/**
 * S3 Batch Operations jobs as plain data (persisted as is): what the job was asked to do
 * ({@link JobSpec}), where it is in its life ({@link JobStatus}) and how far its tasks got.
 * Jobs are scoped by account and Region, as S3 Control scopes them.
 */

/** `JobStatus` enum of the S3 Control model (aws-facts §6.4). */
export const JOB_STATUSES = [
  'Active',
  'Cancelled',
  'Cancelling',
  'Complete',
  'Completing',
  'Failed',
  'Failing',
  'New',
  'Paused',
  'Pausing',
  'Preparing',
  'Ready',
  'Suspended',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(['Complete', 'Cancelled', 'Failed']);

/**
 * Allowed transitions (aws-facts §6.4, UG batch-ops-job-status). `Pausing`/`Paused`
 * (preemption by a higher-priority job) are in the enum but the sandbox never produces them:
 * it lets a Ready job wait instead of preempting an Active one.
 */
export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  New: ['Preparing', 'Cancelling'],
  Preparing: ['Ready', 'Suspended', 'Failed', 'Cancelling'],
  Suspended: ['Ready', 'Cancelling'],
  Ready: ['Active', 'Cancelling'],
  Active: ['Completing', 'Failing', 'Cancelling', 'Pausing'],
  Pausing: ['Paused', 'Cancelling'],
  Paused: ['Active', 'Cancelling'],
  Completing: ['Complete'],
  Failing: ['Failed'],
  Cancelling: ['Cancelled'],
  Complete: [],
  Failed: [],
  Cancelled: [],
};

export type ManifestFormat = 'S3BatchOperations_CSV_20180820' | 'S3InventoryReport_CSV_20161130';
export type ManifestField = 'Ignore' | 'Bucket' | 'Key' | 'VersionId';
export type GlacierJobTier = 'BULK' | 'STANDARD';
export type ReportScope = 'AllTasks' | 'FailedTasksOnly';

/** A validated CreateJob request (restore jobs only). */
export interface JobSpec {
  operation: { expirationInDays?: number; glacierJobTier?: GlacierJobTier };
  manifest: {
    format: ManifestFormat;
    fields?: ManifestField[];
    objectArn: string;
    /** Parsed from `objectArn`. */
    bucket: string;
    key: string;
    etag: string;
    objectVersionId?: string;
  };
  report: {
    enabled: boolean;
    bucketArn?: string;
    format?: 'Report_CSV_20180820';
    prefix?: string;
    reportScope?: ReportScope;
  };
  priority: number;
  roleArn: string;
  confirmationRequired: boolean;
  clientRequestToken: string;
  description?: string;
  tags: Array<{ key: string; value: string }>;
}

/** One manifest row: the object a task acts on. Keys are stored decoded. */
export interface ManifestEntry {
  bucket: string;
  key: string;
  versionId?: string;
}

/** What one task did, as the completion report writes it. */
export interface TaskResult {
  succeeded: boolean;
  httpStatus: number;
  errorCode?: string;
  resultMessage: string;
}

export interface FailureReason {
  failureCode: string;
  failureReason: string;
}

/** The single pending clock step of a job (persisted so a restarted sandbox resumes it). */
export type StepKind = 'prepare' | 'readManifest' | 'slice' | 'finish';

export interface BatchJob {
  jobId: string;
  accountId: string;
  region: string;
  spec: JobSpec;
  /** The request without its token, to tell a retry from a different request (idempotency). */
  fingerprint: string;
  status: JobStatus;
  priority: number;
  statusUpdateReason?: string;
  failureReasons: FailureReason[];
  creationTime: number;
  terminationDate?: number;
  suspendedDate?: number;
  suspendedCause?: string;
  /** The manifest's rows, read while Preparing. */
  tasks: ManifestEntry[];
  /** Index of the next task to run; tasks run in manifest order. */
  cursor: number;
  succeeded: number;
  failed: number;
  /** One per attempted task, in manifest order (`results[i]` is task `i`). */
  results: TaskResult[];
  activeSince?: number;
  /** Time spent Active before `activeSince`. */
  activeMs: number;
  nextStep?: { kind: StepKind; at: number };
  /** Lifecycle events emitted so far (feeds `jobEventId`). */
  eventCount: number;
}

/** `arn:aws:s3:<region>:<account>:job/<id>` (aws-facts §6.5). */
export function jobArn(job: Pick<BatchJob, 'region' | 'accountId' | 'jobId'>): string {
  return `arn:aws:s3:${job.region}:${job.accountId}:job/${job.jobId}`;
}

/** `Timers.ElapsedTimeInActiveSeconds` at virtual time `now`. */
export function elapsedActiveSeconds(job: BatchJob, now: number): number {
  const running = job.activeSince === undefined ? 0 : Math.max(now - job.activeSince, 0);
  return Math.floor((job.activeMs + running) / 1000);
}
