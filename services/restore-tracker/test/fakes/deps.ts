/** Test doubles for the tracker's other ports, and a deps bundle around the in-memory store. */
import { DependencyError, NotFoundError, contracts, objectId } from '@s3-bulk-restore/shared';
import type { BusEventInput, BusPublisher, JobCreated, ObjectRef } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from '../../src/app/deps.js';
import type {
  BatchJobDescription,
  BatchJobs,
  CompletionReports,
  ManifestLocation,
  ManifestSource,
  ObjectObservation,
  ObjectObserver,
  ReportLocation,
  ReportedTask,
} from '../../src/app/ports.js';
import { MemoryTrackerStore } from './memory-tracker-store.js';

/** Manifests held in memory, streamed in small chunks so chunk boundaries fall mid-line. */
export class FakeManifests implements ManifestSource {
  readonly texts = new Map<string, string>();
  readonly errors = new Map<string, DependencyError>();

  put(key: string, text: string): void {
    this.texts.set(key, text);
  }

  async *open(location: ManifestLocation, fromByte = 0): AsyncIterable<Uint8Array> {
    const error = this.errors.get(location.key);
    if (error) throw error;
    const text = this.texts.get(location.key);
    if (text === undefined) throw new DependencyError('ManifestNotFound', `The manifest s3://${location.bucket}/${location.key} does not exist`);
    const bytes = new TextEncoder().encode(text).subarray(fromByte);
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  }
}

export class FakeBatchJobs implements BatchJobs {
  readonly jobs = new Map<string, BatchJobDescription | Error>();
  readonly described: string[] = [];

  async describe(batchJobId: string): Promise<BatchJobDescription> {
    this.described.push(batchJobId);
    const job = this.jobs.get(batchJobId);
    if (job instanceof Error) throw job;
    if (!job) throw new NotFoundError('BatchJobNotFound', `No Batch Operations job ${batchJobId}`);
    return job;
  }
}

/**
 * Completion reports held in memory by Batch job id: the failed tasks, and an error the reading
 * throws after `failAfter` tasks (default 0), to stop it half-way. Every reading is remembered.
 */
export class FakeCompletionReports implements CompletionReports {
  readonly reports = new Map<string, { at: ReportLocation; tasks: ReportedTask[]; error?: Error; failAfter?: number }>();
  readonly reads: Array<{ batchJobId: string; report: ReportLocation }> = [];

  async *failedTasks(batchJobId: string, report: ReportLocation): AsyncIterable<ReportedTask> {
    this.reads.push({ batchJobId, report });
    const stored = this.reports.get(batchJobId);
    if (!stored || stored.at.bucket !== report.bucket || stored.at.prefix !== report.prefix) {
      throw new DependencyError('ReportNotFound', `The Batch Operations job ${batchJobId} has no completion report`, { batchJobId });
    }
    const failAfter = stored.failAfter ?? 0;
    for (const [index, task] of stored.tasks.entries()) {
      if (stored.error && index === failAfter) throw stored.error;
      yield task;
    }
    if (stored.error && failAfter >= stored.tasks.length) throw stored.error;
  }
}

/** S3 as a test sets it: an observation per `objectId(ref)`, `archived` for anything not set; every lookup is remembered. */
export class FakeObserver implements ObjectObserver {
  readonly objects = new Map<string, ObjectObservation>();
  readonly lookups: ObjectRef[][] = [];
  failNext: Error | undefined;

  set(ref: ObjectRef, observation: ObjectObservation): void {
    this.objects.set(objectId(ref), observation);
  }

  async observe(refs: ObjectRef[]): Promise<Map<string, ObjectObservation>> {
    this.lookups.push(refs);
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    return new Map(refs.map((ref) => [objectId(ref), this.objects.get(objectId(ref)) ?? { kind: 'archived' as const }]));
  }
}

/** A bus that keeps what was published; `failNext` makes the next publish throw. */
export class RecordingBus implements BusPublisher {
  readonly events: BusEventInput[] = [];
  failNext: Error | undefined;
  /** Publish fails for events of these job ids until removed. */
  readonly failJobs = new Set<string>();

  async publish(events: BusEventInput[]): Promise<void> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (events.some((e) => this.failJobs.has(String((e.detail as { jobId?: string }).jobId)))) throw new Error('EventBridge is down for this job');
    this.events.push(...events);
  }

  ofType(detailType: string): Array<Record<string, unknown>> {
    return this.events.filter((e) => e.detailType === detailType).map((e) => e.detail as Record<string, unknown>);
  }
}

export interface TestDeps extends TrackerDeps {
  store: MemoryTrackerStore;
  manifests: FakeManifests;
  batchJobs: FakeBatchJobs;
  reports: FakeCompletionReports;
  observer: FakeObserver;
  bus: RecordingBus;
  logs: Array<Record<string, unknown>>;
  clock: { now: Date };
}

export function testDeps(): TestDeps {
  const logs: Array<Record<string, unknown>> = [];
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  return {
    store: new MemoryTrackerStore(),
    manifests: new FakeManifests(),
    batchJobs: new FakeBatchJobs(),
    reports: new FakeCompletionReports(),
    observer: new FakeObserver(),
    bus: new RecordingBus(),
    counterShards: 4,
    timeoutMarginHours: 12,
    registrationRangeBytes: 64 * 1024 * 1024,
    now: () => new Date(clock.now),
    log: (entry) => logs.push(entry),
    logs,
    clock,
  };
}

/** A `JobCreated` detail for `jobId` whose manifest is at key `<jobId>.csv`. */
export function jobCreated(jobId: string, overrides: Partial<JobCreated> = {}): JobCreated {
  return contracts.jobCreated.parse({
    schemaVersion: 1,
    jobId,
    batchJobId: `batch-${jobId}`,
    createdAt: '2030-01-01T00:00:00.000Z',
    manifest: { bucket: 'manifests', key: `${jobId}.csv`, etag: '9b2cf535f27731c974343645a3985328' },
    tier: 'BULK',
    progressStepPercent: 10,
    ...overrides,
  });
}

/** An S3 "Object Restore *" event as EventBridge delivers it to the queue (docs/events.md). */
export function s3Event(
  detailType: 'Object Restore Initiated' | 'Object Restore Completed' | 'Object Restore Expired',
  bucket: string,
  key: string,
  options: { versionId?: string; requestId?: string; time?: string; id?: string } = {},
): string {
  return JSON.stringify({
    version: '0',
    id: options.id ?? `${detailType}-${key}`,
    'detail-type': detailType,
    source: 'aws.s3',
    account: '111122223333',
    time: options.time ?? '2030-01-01T10:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', ...(options.versionId ? { 'version-id': options.versionId } : {}) },
      'request-id': options.requestId ?? 'REQ1',
      requester: 's3.amazonaws.com',
      ...(detailType === 'Object Restore Completed' ? { 'restore-expiry-time': '2030-01-09T00:00:00Z', 'source-storage-class': 'DEEP_ARCHIVE' } : {}),
    },
  });
}
