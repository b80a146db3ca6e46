/** What callers see of a job: DescribeJob/ListJobs (rendered as XML) and the dev API (JSON). */
import type { BatchJob, FailureReason, JobSpec, JobStatus } from './model.js';
import { elapsedActiveSeconds, jobArn } from './model.js';
import { reportBase, reportBucketName } from './report.js';

export interface ProgressSummary {
  totalNumberOfTasks: number;
  numberOfTasksSucceeded: number;
  numberOfTasksFailed: number;
  elapsedTimeInActiveSeconds: number;
}

export interface JobDescription {
  jobId: string;
  jobArn: string;
  status: JobStatus;
  priority: number;
  spec: JobSpec;
  statusUpdateReason?: string;
  failureReasons: FailureReason[];
  creationTime: number;
  terminationDate?: number;
  suspendedDate?: number;
  suspendedCause?: string;
  progress: ProgressSummary;
}

export function describe(job: BatchJob, now: number): JobDescription {
  return {
    jobId: job.jobId,
    jobArn: jobArn(job),
    status: job.status,
    priority: job.priority,
    spec: job.spec,
    statusUpdateReason: job.statusUpdateReason,
    failureReasons: job.failureReasons,
    creationTime: job.creationTime,
    terminationDate: job.terminationDate,
    suspendedDate: job.suspendedDate,
    suspendedCause: job.suspendedCause,
    progress: {
      totalNumberOfTasks: job.tasks.length,
      numberOfTasksSucceeded: job.succeeded,
      numberOfTasksFailed: job.failed,
      elapsedTimeInActiveSeconds: elapsedActiveSeconds(job, now),
    },
  };
}

/** JSON summary for `GET /_sandbox/jobs`. */
export interface JobSummary {
  jobId: string;
  jobArn: string;
  accountId: string;
  region: string;
  status: JobStatus;
  priority: number;
  description?: string;
  creationTime: string;
  terminationDate?: string;
  progress: ProgressSummary;
  failureReasons: FailureReason[];
  /** Where the completion report goes (`s3://bucket/prefix/job-<id>/`), when enabled. */
  report?: string;
  nextStep?: { kind: string; at: string };
}

export function summarize(job: BatchJob, now: number): JobSummary {
  const bucket = reportBucketName(job.spec.report.bucketArn);
  return {
    jobId: job.jobId,
    jobArn: jobArn(job),
    accountId: job.accountId,
    region: job.region,
    status: job.status,
    priority: job.priority,
    description: job.spec.description,
    creationTime: new Date(job.creationTime).toISOString(),
    terminationDate: job.terminationDate === undefined ? undefined : new Date(job.terminationDate).toISOString(),
    progress: describe(job, now).progress,
    failureReasons: job.failureReasons,
    report: job.spec.report.enabled && bucket ? `s3://${bucket}/${reportBase(job.spec.report.prefix, job.jobId)}/` : undefined,
    nextStep: job.nextStep ? { kind: job.nextStep.kind, at: new Date(job.nextStep.at).toISOString() } : undefined,
  };
}
