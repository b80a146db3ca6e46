/**
 * The read-model half of every JobStore: each step is "fold this fact into the job with the
 * rules in read-model.ts, atomically". A store supplies only {@link update} — how it reads, folds
 * and writes one job atomically (a conditional write on DynamoDB, a transaction in SQLite).
 */
import type { JobFinished, JobProgressed, JobTrackingReady } from '@s3-bulk-restore/shared';
import type { JobRecord } from './job-record.js';
import type { ReadModelUpdate } from './ports.js';
import type { Fold } from './read-model.js';
import { foldConfirmed, foldCreatedEventPublished, foldFinished, foldProgress, foldTrackingReady } from './read-model.js';

export abstract class FoldingJobStore {
  /** Read `jobId`, apply `fold`, and write the result unless it was ignored — atomically. */
  protected abstract update(jobId: string, fold: (job: JobRecord) => Fold): Promise<ReadModelUpdate>;

  markCreatedEventPublished(jobId: string): Promise<ReadModelUpdate> {
    return this.update(jobId, foldCreatedEventPublished);
  }

  markConfirmed(jobId: string, at: Date): Promise<ReadModelUpdate> {
    return this.update(jobId, (job) => foldConfirmed(job, at));
  }

  applyTrackingReady(ev: JobTrackingReady): Promise<ReadModelUpdate> {
    return this.update(ev.jobId, (job) => foldTrackingReady(job, ev));
  }

  applyProgress(ev: JobProgressed): Promise<ReadModelUpdate> {
    return this.update(ev.jobId, (job) => foldProgress(job, ev));
  }

  applyFinished(ev: JobFinished): Promise<ReadModelUpdate> {
    return this.update(ev.jobId, (job) => foldFinished(job, ev));
  }
}
