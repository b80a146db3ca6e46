/** Fakes of the jobs ports other than the store, recording what the use cases asked of them. */
import { ConflictError, DependencyError, ValidationError } from '@s3-bulk-restore/shared';
import type { BusEventInput, BusPublisher } from '@s3-bulk-restore/shared';
import type { BatchOperations, CreateRestoreJobInput, ManifestInspection, ManifestInspector } from '../../src/app/ports.js';

/** Manifests by `bucket/key`; anything else is not found. */
export class FakeManifestInspector implements ManifestInspector {
  readonly manifests = new Map<string, ManifestInspection | Error>();
  readonly calls: Array<{ bucket: string; key: string }> = [];

  async inspect(manifest: { bucket: string; key: string }): Promise<ManifestInspection> {
    this.calls.push(manifest);
    const found = this.manifests.get(`${manifest.bucket}/${manifest.key}`);
    if (found instanceof Error) throw found;
    if (!found) throw new ValidationError('ManifestNotFound', `s3://${manifest.bucket}/${manifest.key} does not exist`, { field: 'key' });
    return { ...found };
  }
}

interface FakeBatchJob {
  batchJobId: string;
  input: CreateRestoreJobInput;
  status: string;
}

/** Batch jobs with S3's token rule: same token + same request = same job; another request = IdempotencyException. */
export class FakeBatchOperations implements BatchOperations {
  readonly jobs: FakeBatchJob[] = [];
  readonly createCalls: CreateRestoreJobInput[] = [];
  readonly confirmCalls: string[] = [];
  readonly cancelCalls: string[] = [];
  /** Status a new job starts in ('Suspended' once S3 has read the manifest). */
  initialStatus = 'Suspended';

  async createRestoreJob(input: CreateRestoreJobInput): Promise<{ batchJobId: string; response: Record<string, unknown> }> {
    this.createCalls.push(input);
    const { clientRequestToken, ...request } = input;
    const existing = this.jobs.find((j) => j.input.clientRequestToken === clientRequestToken);
    if (existing) {
      const { clientRequestToken: _t, ...before } = existing.input;
      if (JSON.stringify(before) !== JSON.stringify(request)) throw new ConflictError('IdempotencyConflict', 'token reused', { field: 'Idempotency-Key' });
      return { batchJobId: existing.batchJobId, response: { JobId: existing.batchJobId } };
    }
    const batchJobId = `batch-${String(this.jobs.length + 1).padStart(4, '0')}`;
    this.jobs.push({ batchJobId, input, status: this.initialStatus });
    return { batchJobId, response: { JobId: batchJobId } };
  }

  async confirm(batchJobId: string): Promise<{ status: string }> {
    this.confirmCalls.push(batchJobId);
    const job = this.job(batchJobId);
    if (job.status === 'Preparing') throw new DependencyError('BatchJobNotReady', 'still preparing', { batchJobId, retryable: true });
    if (job.status === 'Suspended') job.status = 'Ready';
    return { status: job.status };
  }

  async cancel(batchJobId: string): Promise<{ status: string }> {
    this.cancelCalls.push(batchJobId);
    const job = this.job(batchJobId);
    job.status = 'Cancelled';
    return { status: job.status };
  }

  private job(batchJobId: string): FakeBatchJob {
    const job = this.jobs.find((j) => j.batchJobId === batchJobId);
    if (!job) throw new Error(`no batch job ${batchJobId}`);
    return job;
  }
}

export class RecordingBus implements BusPublisher {
  readonly events: BusEventInput[] = [];
  /** Fail the next `failures` publishes (a process dying before the event is out). */
  failures = 0;

  async publish(events: BusEventInput[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('the bus is down');
    }
    this.events.push(...events);
  }
}
