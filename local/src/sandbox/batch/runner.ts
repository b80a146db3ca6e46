/**
 * The job state machine on the virtual clock. Each job has at most one pending step
 * (`job.nextStep`, persisted), and one dispatcher moves Ready jobs to Active by priority:
 *
 *   New ─1 s→ Preparing ─2 s→ (manifest read) Ready | Suspended | Failed
 *   Ready ─≥1 s, dispatcher→ Active ─(a slice of `tasksPerSecond` tasks each virtual second)→
 *   Completing | Failing ─1 s→ Complete | Failed  (report written on the way)
 *   any non-terminal ─UpdateJobStatus(Cancelled)→ Cancelling ─1 s→ Cancelled
 *
 * The delays are ours (AWS gives none); the sequence is aws-facts §6.4.
 */
import type { VirtualClock } from '../clock.js';
import { S3Error } from '../protocol/errors.js';
import type { RestoreEngine } from '../restore/engine.js';
import type { S3State } from '../state/store.js';
import type { BatchJobEventName, BatchJobEventSink } from './events.js';
import { jobEvent } from './events.js';
import { ManifestError, readManifest } from './manifest.js';
import type { BatchJob, JobStatus, StepKind } from './model.js';
import { TERMINAL_STATUSES, TRANSITIONS } from './model.js';
import { reportBucketName, writeReport } from './report.js';
import { FAILURE_THRESHOLD_MIN_TASKS, runSlice } from './tasks.js';
import { Dispatcher } from './dispatcher.js';

export const PREPARE_DELAY_MS = 1_000;
export const MANIFEST_READ_MS = 2_000;
export const DISPATCH_DELAY_MS = 1_000;
export const SLICE_MS = 1_000;
export const FINISH_MS = 1_000;

/** Why a confirmation-required job waits (the value AWS uses is unverified). */
export const SUSPENDED_CAUSE = 'AwaitingConfirmation';

export interface RunnerOptions {
  clock: VirtualClock;
  s3: S3State;
  restores: RestoreEngine;
  events: BatchJobEventSink;
  seed: number;
  faults: () => { taskFailureRate: number };
  tasksPerSecond: number;
  /** Active jobs per account and Region; further Ready jobs wait, highest priority first. */
  maxActiveJobs: number;
  onChange: () => void;
  jobs: () => Iterable<BatchJob>;
}

export class JobRunner {
  private readonly handles = new Map<BatchJob, number>();
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: RunnerOptions) {
    this.dispatcher = new Dispatcher(options.clock, options.maxActiveJobs, options.jobs, (job, at) => this.activate(job, at));
  }

  /** A new job: announce it and start preparing soon. */
  begin(job: BatchJob): void {
    this.emit(job, 'JobCreated', job.creationTime);
    this.schedule(job, 'prepare', job.creationTime + PREPARE_DELAY_MS);
  }

  /** UpdateJobStatus(Ready) on a Suspended job. */
  confirm(job: BatchJob, at: number, reason?: string): void {
    this.transition(job, 'Ready', at, reason);
    this.dispatcher.request(at + DISPATCH_DELAY_MS);
  }

  /** UpdateJobStatus(Cancelled): stop running tasks now, settle as Cancelled shortly after. */
  cancel(job: BatchJob, at: number, reason?: string): void {
    const wasActive = job.status === 'Active';
    this.unschedule(job);
    this.transition(job, 'Cancelling', at, reason);
    this.schedule(job, 'finish', at + FINISH_MS);
    if (wasActive) this.dispatcher.request(at);
  }

  /** Priorities changed or jobs were loaded: let the dispatcher look again. */
  redispatch(at: number): void {
    this.dispatcher.request(at);
  }

  /** Re-create the pending step of a loaded job. */
  resume(job: BatchJob): void {
    if (job.nextStep) this.schedule(job, job.nextStep.kind, job.nextStep.at);
  }

  /** Forget every pending step (dev reset). */
  stopAll(): void {
    for (const handle of this.handles.values()) this.options.clock.cancel(handle);
    this.handles.clear();
    this.dispatcher.stop();
  }

  private schedule(job: BatchJob, kind: StepKind, at: number): void {
    this.unschedule(job);
    job.nextStep = { kind, at };
    const handle = this.options.clock.schedule(at, (time) => {
      if (this.handles.get(job) !== handle) return;
      this.handles.delete(job);
      job.nextStep = undefined;
      this.step(job, kind, time);
    });
    this.handles.set(job, handle);
  }

  private unschedule(job: BatchJob): void {
    const handle = this.handles.get(job);
    if (handle !== undefined) this.options.clock.cancel(handle);
    this.handles.delete(job);
    job.nextStep = undefined;
  }

  private step(job: BatchJob, kind: StepKind, at: number): void {
    if (kind === 'prepare') {
      this.transition(job, 'Preparing', at);
      this.schedule(job, 'readManifest', at + MANIFEST_READ_MS);
    } else if (kind === 'readManifest') {
      this.prepared(job, at);
    } else if (kind === 'slice') {
      this.slice(job, at);
    } else {
      this.finish(job, at);
    }
  }

  private prepared(job: BatchJob, at: number): void {
    try {
      job.tasks = readManifest(this.options.s3, job.spec.manifest);
      const reportBucket = reportBucketName(job.spec.report.bucketArn);
      if (job.spec.report.enabled && (!reportBucket || !this.options.s3.buckets.has(reportBucket))) {
        throw new ManifestError('ReportBucketNotFound', `The report bucket ${job.spec.report.bucketArn ?? ''} does not exist.`);
      }
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      // Failure codes are ours; AWS does not document them (docs/sandbox.md).
      job.failureReasons.push({ failureCode: error.failureCode, failureReason: error.failureReason.slice(0, 256) });
      this.transition(job, 'Failed', at);
      return;
    }
    if (job.spec.confirmationRequired) {
      job.suspendedDate = at;
      job.suspendedCause = SUSPENDED_CAUSE;
      this.transition(job, 'Suspended', at);
    } else {
      this.transition(job, 'Ready', at);
      this.dispatcher.request(at + DISPATCH_DELAY_MS);
    }
  }

  private activate(job: BatchJob, at: number): void {
    this.transition(job, 'Active', at);
    this.schedule(job, 'slice', at + SLICE_MS);
  }

  private slice(job: BatchJob, at: number): void {
    const faults = this.options.faults();
    const outcome = runSlice(job, this.options.tasksPerSecond, {
      s3: this.options.s3,
      restores: this.options.restores,
      seed: this.options.seed,
      taskFailureRate: faults.taskFailureRate,
    });
    this.options.onChange();
    if (outcome === 'more') {
      this.schedule(job, 'slice', at + SLICE_MS);
      return;
    }
    if (outcome === 'thresholdExceeded') {
      // Code and wording unverified (docs/sandbox.md).
      job.failureReasons.push({
        failureCode: 'TaskFailureThresholdExceeded',
        failureReason: `More than 50% of the ${job.failed + job.succeeded} tasks run so far failed (threshold checked after ${FAILURE_THRESHOLD_MIN_TASKS} tasks).`,
      });
    }
    this.transition(job, outcome === 'done' ? 'Completing' : 'Failing', at);
    this.schedule(job, 'finish', at + FINISH_MS);
    this.dispatcher.request(at);
  }

  private finish(job: BatchJob, at: number): void {
    const final: JobStatus = job.status === 'Completing' ? 'Complete' : job.status === 'Failing' ? 'Failed' : 'Cancelled';
    try {
      writeReport(this.options.s3, job, at, this.options.seed);
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      job.failureReasons.push({ failureCode: 'ReportWriteFailed', failureReason: `Writing the completion report failed: ${error.message}`.slice(0, 256) });
    }
    this.transition(job, final, at);
  }

  private transition(job: BatchJob, to: JobStatus, at: number, reason?: string): void {
    if (!TRANSITIONS[job.status].includes(to)) throw new Error(`internal: job ${job.jobId} cannot go from ${job.status} to ${to}`);
    if (job.status === 'Active' && job.activeSince !== undefined) {
      job.activeMs += Math.max(at - job.activeSince, 0);
      job.activeSince = undefined;
    }
    job.status = to;
    if (to === 'Active') job.activeSince = at;
    if (TERMINAL_STATUSES.has(to)) job.terminationDate = at;
    this.emit(job, 'JobStatusChanged', at, reason);
    this.options.onChange();
  }

  private emit(job: BatchJob, name: BatchJobEventName, at: number, reason?: string): void {
    const event = jobEvent(job, name, at, this.options.seed, reason);
    job.eventCount++;
    this.options.events.emitJobEvent(event);
  }
}
