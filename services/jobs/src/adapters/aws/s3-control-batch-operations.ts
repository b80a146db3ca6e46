/**
 * BatchOperations on S3 Control (aws-facts §6): restore jobs created with `ConfirmationRequired`
 * (they wait `Suspended`), confirmed with UpdateJobStatus `Ready`, cancelled with `Cancelled`.
 * UpdateJobStatus answers `JobStatusException` when the job is not in a state that allows the
 * change; DescribeJob then tells "already done" (success: both calls are idempotent) from "not
 * yet" (S3 still prepares the job: retry later) and "never" (cancelled or failed).
 */
import { CreateJobCommand, DescribeJobCommand, UpdateJobStatusCommand } from '@aws-sdk/client-s3-control';
import type { CreateJobCommandInput, S3ControlClient } from '@aws-sdk/client-s3-control';
import { ConflictError, DependencyError } from '@s3-bulk-restore/shared';
import type { BatchJobStatus, BatchOperations, CreateRestoreJobInput } from '../../app/ports.js';
import { awsError } from './aws-errors.js';

/** Statuses a confirmed job can be in: confirming again is a no-op. */
const CONFIRMED = new Set(['Ready', 'Active', 'Pausing', 'Paused', 'Completing', 'Complete']);
/** Statuses before `Suspended`: S3 is still reading the manifest. */
const PREPARING = new Set(['New', 'Preparing']);
/** Statuses in which a job is cancelled, or finished, or on its way there: nothing left to cancel. */
const ENDED = new Set(['Cancelling', 'Cancelled', 'Failing', 'Failed', 'Completing', 'Complete']);

export const JOB_ID_TAG = 's3-bulk-restore:job-id';
export const CLIENT_TAG_TAG = 's3-bulk-restore:client-tag';

export interface S3ControlBatchOperationsOptions {
  client: S3ControlClient;
  accountId: string;
}

export class S3ControlBatchOperations implements BatchOperations {
  constructor(private readonly options: S3ControlBatchOperationsOptions) {}

  async createRestoreJob(input: CreateRestoreJobInput): Promise<{ batchJobId: string; response: Record<string, unknown> }> {
    try {
      const { $metadata: _metadata, ...response } = await this.options.client.send(new CreateJobCommand(createJobInput(input)));
      if (!response.JobId) throw new DependencyError('BatchJobRejected', 'S3 Batch Operations answered CreateJob without a JobId', { httpStatus: 502 });
      return { batchJobId: response.JobId, response: { ...response } };
    } catch (error) {
      throw createJobError(error);
    }
  }

  async confirm(batchJobId: string): Promise<{ status: BatchJobStatus }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.updateStatus(batchJobId, 'Ready', 'tracking ready: every manifest object is registered');
      } catch (error) {
        if (awsError(error).name !== 'JobStatusException') throw dependency(error, 'confirm');
      }
      const status = await this.status(batchJobId);
      if (CONFIRMED.has(status)) return { status };
      if (PREPARING.has(status)) {
        throw new DependencyError('BatchJobNotReady', `Batch job ${batchJobId} is ${status}: S3 is still reading the manifest; confirm again later`, {
          batchJobId,
          retryable: true,
        });
      }
      // Suspended now: it became confirmable between the two calls. Try once more.
      if (status !== 'Suspended' || attempt >= 2) {
        throw new ConflictError('BatchJobNotConfirmable', `Batch job ${batchJobId} is ${status} and can no longer be confirmed`, { batchJobId, status });
      }
    }
  }

  async cancel(batchJobId: string, reason = 'the bulk restore job ended before its Batch job was confirmed'): Promise<{ status: BatchJobStatus }> {
    try {
      return await this.updateStatus(batchJobId, 'Cancelled', reason);
    } catch (error) {
      const { name } = awsError(error);
      // A job S3 no longer knows (or never ran) has nothing left to cancel.
      if (name === 'NotFoundException') return { status: 'NotFound' };
      if (name !== 'JobStatusException') throw dependency(error, 'cancel');
    }
    const status = await this.status(batchJobId);
    if (ENDED.has(status)) return { status };
    throw new ConflictError('BatchJobNotCancellable', `Batch job ${batchJobId} is ${status} and could not be cancelled`, { batchJobId, status });
  }

  private async updateStatus(batchJobId: string, requested: 'Ready' | 'Cancelled', reason: string): Promise<{ status: BatchJobStatus }> {
    const out = await this.options.client.send(
      new UpdateJobStatusCommand({ AccountId: this.options.accountId, JobId: batchJobId, RequestedJobStatus: requested, StatusUpdateReason: reason }),
    );
    return { status: out.Status ?? requested };
  }

  private async status(batchJobId: string): Promise<BatchJobStatus> {
    try {
      const out = await this.options.client.send(new DescribeJobCommand({ AccountId: this.options.accountId, JobId: batchJobId }));
      return out.Job?.Status ?? 'Unknown';
    } catch (error) {
      throw dependency(error, 'describe');
    }
  }
}

/** The CreateJob request for a gated restore job (aws-facts §6.2). */
export function createJobInput(input: CreateRestoreJobInput): CreateJobCommandInput {
  const tags = [{ Key: JOB_ID_TAG, Value: input.jobId }];
  if (input.clientTag !== undefined) tags.push({ Key: CLIENT_TAG_TAG, Value: input.clientTag });
  return {
    AccountId: input.accountId,
    ConfirmationRequired: true,
    ClientRequestToken: input.clientRequestToken,
    Operation: {
      S3InitiateRestoreObject: {
        GlacierJobTier: input.tier,
        // Omitted, not 0, when not given: Intelligent-Tiering archive restores fail with it set.
        ...(input.expirationDays === undefined ? {} : { ExpirationInDays: input.expirationDays }),
      },
    },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: input.manifest.fields },
      Location: {
        // The raw key, as in AWS's examples; whether AWS wants special characters encoded in an
        // ObjectArn is unverified; the sandbox takes the raw key.
        ObjectArn: `arn:aws:s3:::${input.manifest.bucket}/${input.manifest.key}`,
        ETag: input.manifest.etag,
        ...(input.manifest.versionId === undefined ? {} : { ObjectVersionId: input.manifest.versionId }),
      },
    },
    Report: {
      Enabled: true,
      Bucket: `arn:aws:s3:::${input.reportBucket}`,
      Format: 'Report_CSV_20180820',
      Prefix: `reports/${input.jobId}`,
      ReportScope: 'AllTasks',
    },
    Priority: 10,
    RoleArn: input.roleArn,
    Description: `s3-bulk-restore ${input.jobId}`,
    Tags: tags,
  };
}

function createJobError(error: unknown): Error {
  if (error instanceof DependencyError) return error;
  const { name, message } = awsError(error);
  if (name === 'IdempotencyException') {
    return new ConflictError('IdempotencyConflict', 'This idempotency key was already used for a different create-job request', { field: 'Idempotency-Key' }, { cause: error });
  }
  if (name === 'BadRequestException') {
    // S3's own words about the request (e.g. the manifest's ETag or the role): useful to the caller.
    return new DependencyError('BatchJobRejected', `S3 Batch Operations refused the job: ${message}`, { httpStatus: 400 }, { cause: error });
  }
  return dependency(error, 'create');
}

function dependency(error: unknown, action: string): DependencyError {
  const { name } = awsError(error);
  return new DependencyError('BatchOperationsUnavailable', `S3 Batch Operations did not ${action} the job (${name}); retry`, { httpStatus: 503, retryable: true }, { cause: error });
}
