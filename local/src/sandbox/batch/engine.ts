/**
 * S3 Batch Operations restore jobs: the use cases behind the S3 Control job operations
 * (CreateJob, DescribeJob, ListJobs, UpdateJobStatus, UpdateJobPriority), the dev API's view,
 * and persistence. The state machine itself runs in {@link JobRunner} on the virtual clock.
 *
 * @example
 * const { jobId } = batch.createJob({ accountId, region }, spec);
 * clock.advance(10_000);
 * batch.describeJob({ accountId, region }, jobId).status; // 'Suspended' when confirmation is required
 */
import type { VirtualClock } from '../clock.js';
import type { FaultSettings } from '../context.js';
import type { RestoreEngine } from '../restore/engine.js';
import type { S3State } from '../state/store.js';
import { ControlError, notFound } from './errors.js';
import type { BatchJobEventSink } from './events.js';
import { uuidFrom } from './ids.js';
import type { BatchJob, JobSpec, JobStatus } from './model.js';
import { TERMINAL_STATUSES } from './model.js';
import { fromSnapshot, toSnapshot } from './persistence.js';
import { JobRunner } from './runner.js';
import type { JobDescription, JobSummary } from './view.js';
import { describe, summarize } from './view.js';

export interface BatchOperationsOptions {
  clock: VirtualClock;
  s3: S3State;
  restores: RestoreEngine;
  /** The sandbox's EventDelivery (anything with `emitJobEvent`). */
  events: BatchJobEventSink;
  seed: number;
  faults: () => FaultSettings['batch'];
  /** Tasks each Active job runs per virtual second. */
  tasksPerSecond: number;
  /** Active jobs per account and Region (default 10; our limit, AWS publishes none). */
  maxActiveJobs?: number;
  /** State changed; `durable` when the caller must not answer before it is saved. */
  onChange: (durable?: boolean) => void;
}

/** Jobs are scoped by account and Region. */
export interface JobScope {
  accountId: string;
  region: string;
}

export interface ListJobsQuery {
  statuses?: JobStatus[];
  nextToken?: string;
  maxResults?: number;
}

/** ListJobs shows unfinished jobs and jobs that ended in the last 90 days (UG batch-ops-list-jobs). */
const LIST_RETENTION_MS = 90 * 24 * 3600 * 1000;
const CANCELLABLE: ReadonlySet<JobStatus> = new Set<JobStatus>(['New', 'Preparing', 'Suspended', 'Ready', 'Active', 'Pausing', 'Paused']);

export class BatchOperations {
  private readonly jobs = new Map<string, BatchJob>();
  /** `account/region/token` → job id, for ClientRequestToken idempotency. */
  private readonly tokens = new Map<string, string>();
  private jobCounter = 0;
  private readonly runner: JobRunner;

  constructor(private readonly options: BatchOperationsOptions) {
    if (!(options.tasksPerSecond >= 1)) throw new RangeError(`tasksPerSecond must be >= 1, got ${options.tasksPerSecond}`);
    this.runner = new JobRunner({ ...options, maxActiveJobs: options.maxActiveJobs ?? 10, jobs: () => this.jobs.values() });
  }

  /**
   * CreateJob. A retry with the same ClientRequestToken and the same request returns the same
   * job; the same token with a different request is an IdempotencyException.
   */
  createJob(scope: JobScope, spec: JobSpec): { jobId: string } {
    const { clientRequestToken, ...rest } = spec;
    const fingerprint = JSON.stringify(rest);
    const tokenKey = `${scope.accountId}/${scope.region}/${clientRequestToken}`;
    const existing = this.jobs.get(this.tokens.get(tokenKey) ?? '');
    if (existing) {
      if (existing.fingerprint === fingerprint) return { jobId: existing.jobId };
      throw new ControlError('IdempotencyException', 'The ClientRequestToken was already used for a different CreateJob request.');
    }
    const now = this.options.clock.now();
    const job: BatchJob = {
      jobId: uuidFrom(this.options.seed, 'batch-job', ++this.jobCounter),
      accountId: scope.accountId,
      region: scope.region,
      spec,
      fingerprint,
      status: 'New',
      priority: spec.priority,
      failureReasons: [],
      creationTime: now,
      tasks: [],
      cursor: 0,
      succeeded: 0,
      failed: 0,
      results: [],
      activeMs: 0,
      eventCount: 0,
    };
    this.jobs.set(job.jobId, job);
    this.tokens.set(tokenKey, job.jobId);
    this.runner.begin(job);
    this.options.onChange(true);
    return { jobId: job.jobId };
  }

  describeJob(scope: JobScope, jobId: string): JobDescription {
    return describe(this.job(scope, jobId), this.options.clock.now());
  }

  /** ListJobs: newest first, filtered by status, paginated with an opaque token. */
  listJobs(scope: JobScope, query: ListJobsQuery = {}): { jobs: JobDescription[]; nextToken?: string } {
    const now = this.options.clock.now();
    const statuses = query.statuses && query.statuses.length > 0 ? new Set(query.statuses) : undefined;
    const matching = [...this.jobs.values()]
      .filter((job) => job.accountId === scope.accountId && job.region === scope.region)
      .filter((job) => job.terminationDate === undefined || now - job.terminationDate <= LIST_RETENTION_MS)
      .filter((job) => !statuses || statuses.has(job.status))
      .sort((a, b) => b.creationTime - a.creationTime || (a.jobId < b.jobId ? -1 : 1));
    const offset = query.nextToken === undefined ? 0 : decodeToken(query.nextToken);
    const limit = query.maxResults && query.maxResults > 0 ? Math.min(query.maxResults, 1000) : 1000;
    const page = matching.slice(offset, offset + limit).map((job) => describe(job, now));
    const next = offset + limit < matching.length ? encodeToken(offset + limit) : undefined;
    return { jobs: page, nextToken: next };
  }

  /** UpdateJobStatus: `Ready` confirms a Suspended job; `Cancelled` stops any unfinished one. */
  updateJobStatus(scope: JobScope, jobId: string, requested: 'Ready' | 'Cancelled', reason?: string): { jobId: string; status: JobStatus; statusUpdateReason?: string } {
    const job = this.job(scope, jobId);
    const now = this.options.clock.now();
    if (requested === 'Ready') {
      if (job.status !== 'Suspended') {
        throw new ControlError('JobStatusException', `Job ${jobId} is ${job.status}; only a Suspended job can be set to Ready.`);
      }
      job.statusUpdateReason = reason;
      this.runner.confirm(job, now, reason);
    } else {
      if (!CANCELLABLE.has(job.status)) {
        throw new ControlError('JobStatusException', `Job ${jobId} is ${job.status} and can no longer be cancelled.`);
      }
      job.statusUpdateReason = reason;
      this.runner.cancel(job, now, reason);
    }
    this.options.onChange(true);
    return { jobId, status: job.status, statusUpdateReason: job.statusUpdateReason };
  }

  updateJobPriority(scope: JobScope, jobId: string, priority: number): { jobId: string; priority: number } {
    const job = this.job(scope, jobId);
    job.priority = priority;
    this.runner.redispatch(this.options.clock.now());
    this.options.onChange();
    return { jobId, priority };
  }

  /** Every job, for the dev API. */
  list(): JobSummary[] {
    const now = this.options.clock.now();
    return [...this.jobs.values()].map((job) => summarize(job, now));
  }

  get(jobId: string): JobSummary | undefined {
    const job = this.jobs.get(jobId);
    return job ? summarize(job, this.options.clock.now()) : undefined;
  }

  toJSON(): unknown {
    return toSnapshot(this.jobCounter, this.jobs.values());
  }

  /** Replace the state with a snapshot; call {@link scheduleAll} afterwards. */
  load(data: unknown): void {
    const snapshot = fromSnapshot(data);
    this.clear();
    this.jobCounter = snapshot.jobCounter;
    for (const job of snapshot.jobs) {
      this.jobs.set(job.jobId, job);
      this.tokens.set(`${job.accountId}/${job.region}/${job.spec.clientRequestToken}`, job.jobId);
    }
  }

  /** Re-create every pending step on the clock (after {@link load}). */
  scheduleAll(): void {
    for (const job of this.jobs.values()) {
      if (!TERMINAL_STATUSES.has(job.status)) this.runner.resume(job);
    }
    this.runner.redispatch(this.options.clock.now());
  }

  /** Forget every job (dev reset). */
  clear(): void {
    this.runner.stopAll();
    this.jobs.clear();
    this.tokens.clear();
    this.jobCounter = 0;
  }

  private job(scope: JobScope, jobId: string): BatchJob {
    const job = this.jobs.get(jobId);
    if (!job || job.accountId !== scope.accountId || job.region !== scope.region) throw notFound(jobId);
    return job;
  }
}

function encodeToken(offset: number): string {
  return Buffer.from(`jobs:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  const m = /^jobs:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw new ControlError('InvalidNextTokenException', 'The NextToken is not valid.');
  return Number(m[1]);
}
