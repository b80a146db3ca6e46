/** S3 Batch Operations jobs, read with S3 Control DescribeJob: status, task counts, and where the completion report goes. */
import { DescribeJobCommand } from '@aws-sdk/client-s3-control';
import type { JobReport, S3ControlClient } from '@aws-sdk/client-s3-control';
import { NotFoundError } from '@s3-bulk-restore/shared';
import type { BatchJobDescription, BatchJobs, ReportLocation } from '../../app/ports.js';
import { bucketNameOf } from './completion-report-format.js';

/** What the adapter needs. */
export interface S3ControlBatchJobsOptions {
  client: S3ControlClient;
  /** The account that owns the jobs (S3 Control addresses every call by account). */
  accountId: string;
}

/** {@link BatchJobs} over S3 Control `DescribeJob`; an unknown job is a NotFoundError `BatchJobNotFound`. */
export class S3ControlBatchJobs implements BatchJobs {
  constructor(private readonly options: S3ControlBatchJobsOptions) {}

  async describe(batchJobId: string): Promise<BatchJobDescription> {
    let job;
    try {
      job = (await this.options.client.send(new DescribeJobCommand({ AccountId: this.options.accountId, JobId: batchJobId }))).Job;
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFoundException' || e.$metadata?.httpStatusCode === 404) {
        throw new NotFoundError('BatchJobNotFound', `No Batch Operations job ${batchJobId}`, { batchJobId }, { cause: error });
      }
      throw error;
    }
    if (!job?.Status) throw new NotFoundError('BatchJobNotFound', `DescribeJob returned no job for ${batchJobId}`, { batchJobId });
    const summary = job.ProgressSummary;
    return {
      status: job.Status,
      failureReasons: (job.FailureReasons ?? []).map((r) => ({ code: r.FailureCode ?? 'Unknown', message: (r.FailureReason ?? '').slice(0, 1024) })),
      tasks: { total: summary?.TotalNumberOfTasks ?? 0, succeeded: summary?.NumberOfTasksSucceeded ?? 0, failed: summary?.NumberOfTasksFailed ?? 0 },
      ...reportOf(job.Report),
    };
  }
}

/** The report location of an enabled report; DescribeJob names its bucket by ARN (`arn:aws:s3:::name`). */
function reportOf(report: JobReport | undefined): { report?: ReportLocation } {
  const bucket = report?.Enabled ? bucketNameOf(report.Bucket ?? '') : undefined;
  return bucket ? { report: { bucket, prefix: report?.Prefix ?? '' } } : {};
}
