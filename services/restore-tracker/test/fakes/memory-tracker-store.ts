/**
 * An in-memory TrackerStore for use-case tests. It passes the same contract suite as the
 * DynamoDB adapter (test/app/memory-tracker-store.test.ts), so tests built on it test real
 * semantics; it is no substitute for that suite on a real store.
 */
import { NotFoundError, addCounts, emptyCounts, isTerminalJobStatus, objectId, transition } from '@s3-bulk-restore/shared';
import type { JobStatus, ObjectRef, ObjectState } from '@s3-bulk-restore/shared';
import type {
  ActiveJob,
  ActiveJobsPage,
  BatchStatusUpdate,
  JobInit,
  JobOutcome,
  JobProgress,
  ManifestObject,
  ObjectEvent,
  ObjectTransition,
  ObjectsPage,
  ObjectsQuery,
  RangeReading,
  RangeSlot,
  RecordOutcome,
  Registration,
  TrackedObject,
  TrackerStore,
  TrackingReady,
} from '../../src/app/ports.js';
import { decodeObjectCursor, encodeObjectCursor, statePositionIn } from '../../src/app/object-cursor.js';
import type { CursorScope } from '../../src/app/object-cursor.js';
import { expiredDelta, nextExpiry } from '../../src/app/expiry.js';
import { bytesDelta, nextSize } from '../../src/app/sizes.js';
import { counterShard } from '../../src/app/shards.js';

interface Job {
  init: JobInit;
  status: JobStatus;
  publishedPercent: number;
  ready?: TrackingReady;
  outcome?: JobOutcome;
  finishPublished: boolean;
  batchStatus?: string;
  deltas: Record<ObjectState, number>;
  expired: number;
  bytes: Record<ObjectState, number>;
}

const itemKey = (jobId: string, ref: ObjectRef) => `${jobId}\0${ref.bucket}\0${ref.key}\0${ref.versionId ?? '*'}`;
const clone = <T>(value: T): T => structuredClone(value);

export class MemoryTrackerStore implements TrackerStore {
  readonly jobs = new Map<string, Job>();
  readonly objects = new Map<string, TrackedObject>();
  readonly log = new Map<string, ObjectEvent>();
  /** Range readings of fanned-out registrations, by job and range index. */
  readonly ranges = new Map<string, Map<number, { count: number; reading: RangeReading }>>();
  /** Calls per method, for tests that check how a use case used the store. */
  readonly calls: Record<string, number> = {};
  /** Set to make the next call of a method throw (once). */
  failNext: Partial<Record<keyof TrackerStore, Error>> = {};

  private enter(method: keyof TrackerStore): void {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    const error = this.failNext[method];
    if (error) {
      delete this.failNext[method];
      throw error;
    }
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId });
    return job;
  }

  async startJob(init: JobInit): Promise<boolean> {
    this.enter('startJob');
    if (this.jobs.has(init.jobId)) return false;
    this.jobs.set(init.jobId, { init: clone(init), status: 'Preparing', publishedPercent: 0, finishPublished: false, deltas: emptyCounts(), expired: 0, bytes: emptyCounts() });
    return true;
  }

  async registerObjects(jobId: string, entries: ManifestObject[]): Promise<Registration> {
    this.enter('registerObjects');
    const job = this.job(jobId);
    const out = { registered: 0, duplicates: 0 };
    for (const entry of entries) {
      const ref: ObjectRef = entry.versionId ? { bucket: entry.bucket, key: entry.key, versionId: entry.versionId } : { bucket: entry.bucket, key: entry.key };
      const existing = this.objects.get(itemKey(jobId, ref));
      if (existing) {
        if (existing.line === entry.line) out.registered += 1;
        else out.duplicates += 1;
        continue;
      }
      this.objects.set(itemKey(jobId, ref), { jobId, ref, state: 'registered', shard: counterShard(objectId(ref), job.init.counterShards), line: entry.line });
      out.registered += 1;
    }
    return out;
  }

  async completeRange(jobId: string, slot: RangeSlot, reading: RangeReading): Promise<RangeReading[] | undefined> {
    this.enter('completeRange');
    this.job(jobId);
    const ranges = this.ranges.get(jobId) ?? new Map<number, { count: number; reading: RangeReading }>();
    this.ranges.set(jobId, ranges);
    if (!ranges.has(slot.index)) ranges.set(slot.index, { count: slot.count, reading: clone(reading) });
    const readings = [...ranges.entries()].filter(([, r]) => r.count === slot.count).sort(([a], [b]) => a - b);
    return readings.length === slot.count ? readings.map(([, r]) => clone(r.reading)) : undefined;
  }

  async markTrackingReady(jobId: string, ready: TrackingReady): Promise<boolean> {
    this.enter('markTrackingReady');
    const job = this.job(jobId);
    if (job.status !== 'Preparing') return false;
    job.status = 'Restoring';
    job.ready = clone(ready);
    return true;
  }

  async findWaiting(refs: ObjectRef[]): Promise<Map<string, TrackedObject[]>> {
    this.enter('findWaiting');
    const found = new Map<string, TrackedObject[]>();
    for (const ref of refs) {
      const matching = [...this.objects.values()].filter(
        (o) => o.ref.bucket === ref.bucket && o.ref.key === ref.key && (o.ref.versionId === undefined || o.ref.versionId === ref.versionId),
      );
      if (matching.length > 0) found.set(objectId(ref), clone(matching));
    }
    return found;
  }

  async record(events: ObjectEvent[]): Promise<RecordOutcome> {
    this.enter('record');
    const outcome: RecordOutcome = { transitions: [], logged: 0, duplicates: 0 };
    const net = new Map<string, ObjectTransition>();
    const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
    for (const event of sorted) {
      const object = this.objects.get(itemKey(event.jobId, event.tracked));
      if (!object) continue;
      const logKey = `${event.jobId}\0${event.eventId}`;
      if (this.log.has(logKey)) outcome.duplicates += 1;
      else {
        this.log.set(logKey, clone(event));
        outcome.logged += 1;
      }
      const job = this.job(event.jobId);
      const to = transition(object.state, event.type);
      const before = { ...(object.expiresAt ? { expiresAt: object.expiresAt } : {}), ...(object.expiredAt ? { expiredAt: object.expiredAt } : {}) };
      const after = nextExpiry(to ?? object.state, before, [event]);
      job.expired += expiredDelta(before, after);
      delete object.expiresAt;
      delete object.expiredAt;
      Object.assign(object, after);
      const size = nextSize(object.size, [event]);
      for (const [state, bytes] of Object.entries(bytesDelta(object.state, object.size, to ?? object.state, size))) job.bytes[state as ObjectState] += bytes;
      if (size !== undefined) object.size = size;
      if (!to) continue;
      job.deltas[object.state] -= 1;
      job.deltas[to] += 1;
      const id = itemKey(event.jobId, event.tracked);
      const previous = net.get(id);
      net.set(id, { jobId: event.jobId, objectId: objectId(object.ref), from: previous?.from ?? object.state, to, shard: object.shard });
      object.state = to;
      if (to === 'failed') object.failure = event.failure ?? { code: 'Unknown', message: `${event.type} from ${event.source}` };
      else delete object.failure;
    }
    outcome.transitions = [...net.values()].filter((t) => t.from !== t.to);
    return outcome;
  }

  async progress(jobId: string): Promise<JobProgress | undefined> {
    this.enter('progress');
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    const counts = addCounts({ registered: job.ready?.totalObjects ?? 0 }, job.deltas);
    if (counts.registered < 0) counts.registered = 0;
    return clone({
      jobId,
      status: job.status,
      batchJobId: job.init.batchJobId,
      createdAt: job.init.createdAt,
      totalObjects: job.ready?.totalObjects ?? 0,
      counts,
      expired: job.expired,
      bytes: job.bytes,
      publishedPercent: job.publishedPercent,
      finishPublished: job.finishPublished,
      ...(job.ready ? { ready: job.ready } : {}),
      ...(job.outcome ? { outcome: job.outcome } : {}),
      ...(job.batchStatus ? { batchStatus: job.batchStatus } : {}),
      ...(job.init.deadline ? { deadline: job.init.deadline } : {}),
    });
  }

  async advancePublishedPercent(jobId: string, percent: number): Promise<boolean> {
    this.enter('advancePublishedPercent');
    const job = this.job(jobId);
    if (job.publishedPercent > percent) return false;
    job.publishedPercent = percent;
    return true;
  }

  async finish(jobId: string, outcome: JobOutcome): Promise<boolean> {
    this.enter('finish');
    const job = this.job(jobId);
    if (isTerminalJobStatus(job.status)) return false;
    job.status = outcome.status;
    job.outcome = clone(outcome);
    return true;
  }

  async confirmFinishPublished(jobId: string): Promise<void> {
    this.enter('confirmFinishPublished');
    const job = this.job(jobId);
    if (job.outcome) job.finishPublished = true;
  }

  async activeJobs(page: { limit: number; cursor?: string }): Promise<ActiveJobsPage> {
    this.enter('activeJobs');
    const active = [...this.jobs.values()]
      .filter((j) => !j.finishPublished)
      .sort((a, b) => `${a.init.createdAt}#${a.init.jobId}`.localeCompare(`${b.init.createdAt}#${b.init.jobId}`));
    const start = page.cursor ? Number(page.cursor) : 0;
    const slice = active.slice(start, start + page.limit).map(
      (j): ActiveJob => ({
        jobId: j.init.jobId,
        batchJobId: j.init.batchJobId,
        status: j.status,
        createdAt: j.init.createdAt,
        ...(j.batchStatus ? { batchStatus: j.batchStatus } : {}),
        ...(j.outcome ? { finishedAt: j.outcome.at } : {}),
        ...(j.init.deadline ? { deadline: j.init.deadline } : {}),
      }),
    );
    const next = start + page.limit;
    return { jobs: slice, ...(next < active.length ? { cursor: String(next) } : {}) };
  }

  async recordBatchStatus(jobId: string, update: BatchStatusUpdate): Promise<void> {
    this.enter('recordBatchStatus');
    this.job(jobId).batchStatus = update.status;
  }

  /** By state, then object id, as the SQLite store orders them. */
  async listObjects(jobId: string, query: ObjectsQuery): Promise<ObjectsPage> {
    this.enter('listObjects');
    const scope: CursorScope = query.state === undefined ? { jobId } : { jobId, state: query.state };
    const after = query.cursor === undefined ? undefined : decodeObjectCursor(query.cursor, scope, statePositionIn(scope));
    const sortKey = (o: TrackedObject) => `${o.state}\0${objectId(o.ref)}`;
    const listed = [...this.objects.values()]
      .filter((o) => o.jobId === jobId && (query.state === undefined || o.state === query.state))
      .filter((o) => !after || sortKey(o) > `${after.state}\0${after.objectId}`)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const page = listed.slice(0, query.limit);
    const last = page.at(-1);
    return {
      objects: clone(page),
      ...(listed.length > query.limit && last ? { cursor: encodeObjectCursor(scope, { state: last.state, objectId: objectId(last.ref) }) } : {}),
    };
  }
}
