/**
 * `createJob`: check everything, then create the gated Batch Operations job, write the job with
 * its idempotency claim, and announce it. Nothing is created for a request that fails a check,
 * and a retried request (same key, same body) gets the same response and never a second Batch
 * job.
 */
import { ConflictError, DETAIL_TYPES, SOURCES, ValidationError, contracts } from '@s3-bulk-restore/shared';
import type { CreateJobBody, CreateJobResponse } from '@s3-bulk-restore/shared';
import type { JobsDeps, JobsSettings } from './deps.js';
import { batchTokenForKey, jobIdForKey, requestFingerprint, resolveIdempotencyKey } from './idempotency.js';
import { newJobRecord } from './job-record.js';
import type { JobRecord, ManifestObject, RestoreTier } from './job-record.js';

export interface CreateJobOptions {
  /** The `Idempotency-Key` header. */
  idempotencyKey?: string;
}

/**
 * @throws ValidationError `InvalidRequest` (field), `TierNotSupported`, `IdempotencyKeyMismatch`,
 *   `InvalidIdempotencyKey`, and the manifest errors of {@link ManifestInspector.inspect};
 *   ConflictError `IdempotencyConflict`
 */
export async function createJob(deps: JobsDeps, body: unknown, options: CreateJobOptions = {}): Promise<CreateJobResponse> {
  const request = contracts.createJobBody.parse(structuredClone(body));
  const tier = restoreTier(request.tier);
  const key = resolveIdempotencyKey(options.idempotencyKey, request.client_token);
  const fingerprint = requestFingerprint(request);
  if (key !== undefined) {
    const existing = await deps.store.findByIdempotencyKey(key);
    if (existing) return replay(deps, existing.job, existing.fingerprint === fingerprint);
  }
  const inspection = await deps.manifests.inspect({ bucket: request.bucket, key: request.key });
  const manifest: ManifestObject = {
    bucket: request.bucket,
    key: request.key,
    etag: inspection.etag,
    size: inspection.size,
    fields: inspection.hasVersionColumn ? ['Bucket', 'Key', 'VersionId'] : ['Bucket', 'Key'],
  };
  if (inspection.versionId !== undefined) manifest.versionId = inspection.versionId;
  const { idempotencyNamespace: namespace } = deps.settings;
  const jobId = key === undefined ? deps.newId() : jobIdForKey(namespace, key);
  const batchJob = await deps.batch.createRestoreJob({
    // Without a key the job id is fresh, so it serves as the token for the SDK's own retries.
    clientRequestToken: key === undefined ? jobId : batchTokenForKey(namespace, key),
    manifest,
    tier,
    expirationDays: request.expiration_days,
    clientTag: request.client_tag,
    jobId,
    reportBucket: deps.settings.reportBucket,
    roleArn: deps.settings.batchRoleArn,
    accountId: deps.settings.accountId,
  });
  const record = newJobRecord({
    jobId,
    batchJobId: batchJob.batchJobId,
    createdAt: deps.now(),
    manifest,
    tier,
    expirationDays: request.expiration_days,
    clientTag: request.client_tag,
    progressStepPercent: progressStep(request),
    batchOperation: batchJob.response,
  });
  const { job } = await deps.store.create(record, key === undefined ? undefined : { key, fingerprint });
  await announce(deps, job);
  return responseFor(deps.settings, job);
}

function restoreTier(tier: CreateJobBody['tier']): RestoreTier {
  if (tier === 'EXPEDITED') {
    throw new ValidationError(
      'TierNotSupported',
      'tier EXPEDITED is not available: S3 Batch Operations restores only with STANDARD or BULK. Use STANDARD (typically 3-5 hours) or BULK (typically 5-12 hours).',
      { field: 'tier' },
    );
  }
  return tier;
}

function progressStep(request: CreateJobBody): number {
  // The schema's default (10) has been applied by the parse; the fallback only satisfies the type.
  return request.progress_step_percent ?? 10;
}

async function replay(deps: JobsDeps, job: JobRecord, sameRequest: boolean): Promise<CreateJobResponse> {
  if (!sameRequest) {
    throw new ConflictError('IdempotencyConflict', 'This idempotency key was already used for a different create-job request', {
      field: 'Idempotency-Key',
      jobId: job.jobId,
    });
  }
  await announce(deps, job);
  return responseFor(deps.settings, job);
}

/** Publish `JobCreated` unless an earlier attempt already did (it died before, or this is the first). */
async function announce(deps: JobsDeps, job: JobRecord): Promise<void> {
  if (job.createdEventPublished) return;
  const detail = contracts.jobCreated.parse(jobCreatedDetail(job));
  await deps.bus.publish([{ source: SOURCES.jobs, detailType: DETAIL_TYPES.jobCreated, detail, time: new Date(job.createdAt) }]);
  await deps.store.markCreatedEventPublished(job.jobId);
}

function jobCreatedDetail(job: JobRecord): Record<string, unknown> {
  const { bucket, key, etag, size, versionId } = job.manifest;
  return {
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    createdAt: job.createdAt,
    manifest: versionId === undefined ? { bucket, key, etag, size } : { bucket, key, etag, size, versionId },
    tier: job.tier,
    ...(job.expirationDays === undefined ? {} : { expirationDays: job.expirationDays }),
    ...(job.clientTag === undefined ? {} : { clientTag: job.clientTag }),
    progressStepPercent: job.progressStepPercent,
  };
}

/** The 202 body: the public sample's fields, the same for the first request and every retry. */
function responseFor(settings: JobsSettings, job: JobRecord): CreateJobResponse {
  return {
    BulkJobId: job.jobId,
    SNSTopic: settings.notificationTopicArn,
    SQSQueue: settings.notificationQueueUrl,
    BatchOperation: { ...job.batchOperation, JobId: job.batchJobId },
    Status: 'Preparing',
  };
}
