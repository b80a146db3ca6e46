/**
 * Moves Ready jobs to Active. "Jobs with a higher priority are evaluated first" and ordering is
 * "not strict" (UG batch-ops-create-job): the sandbox runs at most `maxActiveJobs` jobs per
 * account and Region at once (a limit of ours; AWS publishes none) and, when a slot frees,
 * starts the Ready job with the highest priority, oldest first among equals.
 */
import type { VirtualClock } from '../clock.js';
import type { BatchJob } from './model.js';

export class Dispatcher {
  private handle: number | undefined;
  private pendingAt = Infinity;

  constructor(
    private readonly clock: VirtualClock,
    private readonly maxActiveJobs: number,
    private readonly jobs: () => Iterable<BatchJob>,
    private readonly activate: (job: BatchJob, at: number) => void,
  ) {}

  /** Run the dispatcher at `at` (requests coalesce into the earliest pending run). */
  request(at: number): void {
    if (this.handle !== undefined && this.pendingAt <= at) return;
    if (this.handle !== undefined) this.clock.cancel(this.handle);
    this.pendingAt = at;
    this.handle = this.clock.schedule(at, (time) => {
      this.handle = undefined;
      this.pendingAt = Infinity;
      this.run(time);
    });
  }

  stop(): void {
    if (this.handle !== undefined) this.clock.cancel(this.handle);
    this.handle = undefined;
    this.pendingAt = Infinity;
  }

  private run(at: number): void {
    const active = new Map<string, number>();
    const ready: BatchJob[] = [];
    for (const job of this.jobs()) {
      const scope = `${job.accountId}/${job.region}`;
      if (job.status === 'Active' || job.status === 'Pausing') active.set(scope, (active.get(scope) ?? 0) + 1);
      else if (job.status === 'Ready') ready.push(job);
    }
    ready.sort((a, b) => b.priority - a.priority || a.creationTime - b.creationTime || (a.jobId < b.jobId ? -1 : 1));
    for (const job of ready) {
      const scope = `${job.accountId}/${job.region}`;
      const running = active.get(scope) ?? 0;
      if (running >= this.maxActiveJobs) continue;
      active.set(scope, running + 1);
      this.activate(job, at);
    }
  }
}
