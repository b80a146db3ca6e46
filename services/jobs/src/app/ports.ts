/**
 * What the jobs use cases need from the outside, in the domain's words. Adapters implement these
 * (DynamoDB, S3, S3 Control on AWS; SQLite and the sandbox locally) and translate their own
 * failures into the domain errors named here, so callers see the same errors whatever the store.
 */
import type { BusPublisher, JobFinished, JobProgressed, JobStatus, JobTrackingReady } from '@s3-bulk-restore/shared';
import type { JobRecord, ManifestField, RestoreTier } from './job-record.js';
import type { IgnoredReason } from './read-model.js';

export type { BusPublisher };

/** An idempotency key claimed together with a job, and the fingerprint of the request that claimed it. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
}

/** The outcome of a read-model step: applied, or why not (the record as it stands, if any). */
export type ReadModelUpdate = { applied: true; job: JobRecord } | { applied: false; reason: IgnoredReason; job?: JobRecord };

export interface JobListQuery {
  status?: JobStatus;
  /** Only jobs created with this client tag (exact match). */
  clientTag?: string;
  /** 1..100. */
  limit: number;
  /** A token from a previous page of the same query. */
  nextToken?: string;
}

export interface JobPage {
  jobs: JobRecord[];
  nextToken?: string;
}

/** Jobs and their read model. */
export interface JobStore {
  /**
   * Write a new job, atomically with its idempotency claim when there is one. A claim already held
   * for the same fingerprint returns the job that holds it (`created: false`).
   *
   * @throws ConflictError `IdempotencyConflict` when the key was claimed by a different request;
   *   `JobAlreadyExists` when the job id is taken
   */
  create(job: JobRecord, idempotency?: IdempotencyClaim): Promise<{ job: JobRecord; created: boolean }>;
  /** The job that claimed `key`, and the fingerprint of the request that did. */
  findByIdempotencyKey(key: string): Promise<{ job: JobRecord; fingerprint: string } | undefined>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Newest first, optionally of one status and/or one client tag; never a scan. With both, a
   * page may hold fewer than `limit` jobs (even none) and still carry a token: the store stops
   * reading where it has looked far enough, and the token continues from there.
   *
   * @throws ValidationError `InvalidNextToken` (field `next_token`)
   */
  list(query: JobListQuery): Promise<JobPage>;
  /** `JobCreated` is on the bus. */
  markCreatedEventPublished(jobId: string): Promise<ReadModelUpdate>;
  /** The Batch job was confirmed at `at`. */
  markConfirmed(jobId: string, at: Date): Promise<ReadModelUpdate>;
  applyTrackingReady(ev: JobTrackingReady): Promise<ReadModelUpdate>;
  /** Monotonic: a late or lower `JobProgressed` never moves counts or percent back. */
  applyProgress(ev: JobProgressed): Promise<ReadModelUpdate>;
  /** The first terminal status sticks. */
  applyFinished(ev: JobFinished): Promise<ReadModelUpdate>;
}

/** What a manifest object looks like before a job is built on it. */
export interface ManifestInspection {
  /** Without the quotes S3 puts around it. */
  etag: string;
  size: number;
  versionId?: string;
  /** Rows are `Bucket,Key,VersionId` rather than `Bucket,Key`. */
  hasVersionColumn: boolean;
}

export interface ManifestInspector {
  /**
   * Check that the manifest exists, is readable, is not empty and starts with a valid row.
   *
   * @throws ValidationError `ManifestNotFound` / `ManifestNotReadable` / `EmptyManifest` (field
   *   `key`), `InvalidManifest` (with `line`); DependencyError `ManifestCheckFailed` when S3 fails
   */
  inspect(manifest: { bucket: string; key: string }): Promise<ManifestInspection>;
}

export interface CreateRestoreJobInput {
  /** ≤ 64 characters; the same token with the same request returns the same Batch job. */
  clientRequestToken: string;
  manifest: { bucket: string; key: string; etag: string; versionId?: string; fields: ManifestField[] };
  tier: RestoreTier;
  expirationDays?: number;
  clientTag?: string;
  jobId: string;
  reportBucket: string;
  roleArn: string;
  accountId: string;
}

/** A Batch Operations job status as S3 reports it. */
export type BatchJobStatus = string;

/** S3 Batch Operations restore jobs. */
export interface BatchOperations {
  /**
   * Create a restore job that waits for confirmation (`Suspended`), so nothing is restored or
   * billed until tracking is ready.
   *
   * @throws ConflictError `IdempotencyConflict` (the token was used for another request)
   */
  createRestoreJob(input: CreateRestoreJobInput): Promise<{ batchJobId: string; response: Record<string, unknown> }>;
  /**
   * Let the job run (UpdateJobStatus `Ready`). Idempotent: a job already confirmed is fine.
   *
   * @throws DependencyError `BatchJobNotReady` (retryable: S3 is still reading the manifest);
   *   ConflictError `BatchJobNotConfirmable` (the job was cancelled or failed)
   */
  confirm(batchJobId: string): Promise<{ status: BatchJobStatus }>;
  /**
   * Cancel a job that must not run (on). Idempotent: a job already finished, or gone, is fine.
   * `reason` is what S3 records as the job's `StatusUpdateReason`.
   *
   * @throws ConflictError `BatchJobNotCancellable`; DependencyError `BatchOperationsUnavailable` (retryable)
   */
  cancel(batchJobId: string, reason?: string): Promise<{ status: BatchJobStatus }>;
}
