/**
 * The job as the jobs service keeps it: what was asked for, the Batch Operations job that runs
 * it, and the read model the tracker's events keep current. Persisted field names are spelled
 * out; `toJobView` turns a record into the public `GET /jobs/{id}` shape.
 */
import { emptyCounts, estimateCompletion } from '@s3-bulk-restore/shared';
import type { JobStatus, JobView, ObjectCounts } from '@s3-bulk-restore/shared';

/** The restore tiers S3 Batch Operations runs (it has no EXPEDITED). */
export type RestoreTier = 'STANDARD' | 'BULK';

/** Why a job (not one object) failed: bad manifest lines, a failed Batch job. */
export interface JobFailure {
  code: string;
  message: string;
  line?: number;
  field?: string;
}

/** The manifest object the Batch job reads, pinned by ETag (and version id when S3 gave one). */
export interface ManifestObject {
  bucket: string;
  key: string;
  etag: string;
  size: number;
  versionId?: string;
  /** `Bucket,Key` or `Bucket,Key,VersionId`: the manifest's column layout. */
  fields: ManifestField[];
}

export type ManifestField = 'Bucket' | 'Key' | 'VersionId';

export interface JobRecord {
  jobId: string;
  batchJobId: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  manifest: ManifestObject;
  tier: RestoreTier;
  expirationDays?: number;
  clientTag?: string;
  progressStepPercent: number;
  /** The CreateJob output (without `$metadata`), returned again to a retried request. */
  batchOperation: Record<string, unknown>;
  /** False until `JobCreated` is on the bus: a retried request publishes it if the first died before. */
  createdEventPublished: boolean;
  /** Unknown (null) until the tracker has registered every manifest line. */
  totalObjects: number | null;
  counts: ObjectCounts;
  /** Bytes per state of the objects whose size S3 reported (from the tracker's events); absent before any. */
  bytes?: ObjectCounts;
  progressPercent: number;
  /** `at` of the last tracker event that moved the counts: the order of late arrivals is judged by it. */
  progressAt?: string;
  failures?: JobFailure[];
  reason?: string;
  trackingReadyAt?: string;
  /** When the Batch job was confirmed (UpdateJobStatus Ready): restores start only after this. */
  confirmedAt?: string;
  finishedAt?: string;
}

/** What `createJob` knows when it writes the record. */
export interface NewJob {
  jobId: string;
  batchJobId: string;
  createdAt: Date;
  manifest: ManifestObject;
  tier: RestoreTier;
  expirationDays?: number;
  clientTag?: string;
  progressStepPercent: number;
  batchOperation: Record<string, unknown>;
}

/** A fresh record: `Preparing`, nothing counted, `JobCreated` not yet published. */
export function newJobRecord(job: NewJob): JobRecord {
  const at = job.createdAt.toISOString();
  const record: JobRecord = {
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    status: 'Preparing',
    createdAt: at,
    updatedAt: at,
    manifest: job.manifest,
    tier: job.tier,
    progressStepPercent: job.progressStepPercent,
    batchOperation: job.batchOperation,
    createdEventPublished: false,
    totalObjects: null,
    counts: emptyCounts(),
    progressPercent: 0,
  };
  if (job.expirationDays !== undefined) record.expirationDays = job.expirationDays;
  if (job.clientTag !== undefined) record.clientTag = job.clientTag;
  return record;
}

/** The public read model of one job (`GET /jobs/{id}`, shared `jobViewSchema`). */
export function toJobView(job: JobRecord): JobView {
  const view: JobView = {
    JobId: job.jobId,
    BatchJobId: job.batchJobId,
    Status: job.status,
    ProgressPercent: job.progressPercent,
    FailedBatchFiles: job.counts.failed,
    TotalObjects: job.totalObjects,
    Counts: { ...job.counts },
    ...(job.bytes ? { Bytes: { ...job.bytes } } : {}),
    Tier: job.tier,
    Manifest: { Bucket: job.manifest.bucket, Key: job.manifest.key, ETag: job.manifest.etag },
    CreatedAt: job.createdAt,
    UpdatedAt: job.updatedAt,
  };
  if (job.clientTag !== undefined) view.ClientTag = job.clientTag;
  if (job.expirationDays !== undefined) view.ExpirationDays = job.expirationDays;
  const failures = failuresOf(job);
  if (failures) view.Failures = failures;
  if (job.trackingReadyAt) view.TrackingReadyAt = job.trackingReadyAt;
  if (job.finishedAt) view.FinishedAt = job.finishedAt;
  const estimate = estimatedCompletionOf(job);
  if (estimate) view.EstimatedCompletionAt = estimate;
  return view;
}

/**
 * `EstimatedCompletionAt` (shared `estimateCompletion`): restores start when the Batch job is
 * confirmed (the job's creation until then); the counts are as of the last progress event; the
 * record's "now" is its last update, so a view of the same record always says the same.
 */
export function estimatedCompletionOf(job: JobRecord): string | undefined {
  return estimateCompletion({
    status: job.status,
    tier: job.tier,
    totalObjects: job.totalObjects,
    counts: job.counts,
    restoresStartedAt: job.confirmedAt ?? job.createdAt,
    ...(job.progressAt === undefined ? {} : { countsAt: job.progressAt }),
    asOf: job.updatedAt,
  });
}

/**
 * The view has no `Reason` field, so a terminal reason without itemised failures (a timeout, a
 * failed Batch job) is shown as one failure, coded after the status (`JobTimeout`, `JobFailed`).
 */
function failuresOf(job: JobRecord): JobFailure[] | undefined {
  if (job.failures && job.failures.length > 0) return job.failures.map((f) => ({ ...f }));
  if (job.reason) return [{ code: `Job${job.status}`, message: job.reason }];
  return undefined;
}
