/**
 * What the tracker's use cases need from the outside world, in the domain's words. Adapters make
 * each step atomic their own way (DynamoDB transactions on AWS, one SQLite transaction locally);
 * no SDK type crosses these interfaces. One contract suite per port
 * (test/contracts/*.contract.ts) runs unchanged against every implementation.
 */
import type { ObjectCounts, ObjectEventType, ObjectRef, ObjectState, JobStatus, TerminalJobStatus } from '@s3-bulk-restore/shared';

/** A job-level or object-level reason: a stable code, a message, and the manifest line if any. */
export interface Failure {
  code: string;
  message: string;
  line?: number;
}

/** Where a job's manifest is, exactly as `JobCreated` names it. */
export interface ManifestLocation {
  bucket: string;
  key: string;
  /** The ETag the jobs service saw: a manifest changed since then is refused. */
  etag: string;
  versionId?: string;
}

/** The bytes of a manifest, streamed. */
export interface ManifestSource {
  /**
   * Stream the manifest's bytes, from byte `fromByte` (default 0) to the end. Nothing is read
   * until iteration starts.
   *
   * @throws DependencyError `ManifestNotFound`, `ManifestChanged` (ETag no longer matches) or
   *   `ManifestAccessDenied` while iterating; anything else (network, throttling) as is.
   */
  open(location: ManifestLocation, fromByte?: number): AsyncIterable<Uint8Array>;
}

/** What a job starts with (from `JobCreated`). */
export interface JobInit {
  jobId: string;
  batchJobId: string;
  /** ISO-8601; also orders the active-job index. */
  createdAt: string;
  manifest: ManifestLocation;
  /** How many counter shards the job's counters are spread over (fixed for the job's life). */
  counterShards: number;
  /** ISO-8601: past it, the poller ends the job `Timeout` (see app/deadline.ts). None: no timeout. */
  deadline?: string;
}

/** One object named by a manifest line, its key already decoded. */
export interface ManifestObject {
  line: number;
  bucket: string;
  key: string;
  versionId?: string;
}

/** What one `registerObjects` call found. */
export interface Registration {
  /** Distinct objects this job now tracks from these entries (including ones a retried call had registered). */
  registered: number;
  /** Lines naming an object another line of the same job already named. */
  duplicates: number;
}

/** Which range of a fanned-out registration a call is about: the `index`-th of `count`. */
export interface RangeSlot {
  index: number;
  count: number;
}

/** What reading one range of a manifest (or the whole of it) found, as kept until every range is in. */
export interface RangeReading {
  /** Lines that named an object. */
  objectLines: number;
  registered: number;
  duplicates: number;
  /** The first bad lines, with their line numbers in the whole manifest. */
  badLines: Failure[];
  /** More bad lines than could be kept: the parse stopped early. */
  tooManyBadLines: boolean;
  /** Whether the range's objects carry version ids; absent when it named none. */
  withVersionIds?: boolean;
  /** The line of the range's first object. */
  firstObjectLine?: number;
  /** Why the range could not be read at all (`ManifestChanged`…). */
  unreadable?: Failure;
}

/** Totals known once the whole manifest is registered. */
export interface TrackingReady {
  totalObjects: number;
  manifestLines: number;
  duplicateLines: number;
  at: string;
}

/** One job × object the tracker follows. */
export interface TrackedObject {
  jobId: string;
  /** The object as the manifest named it: without a version id it stands for any version. */
  ref: ObjectRef;
  state: ObjectState;
  /** The object's fixed shard (a hash of its id mod the job's shard count): its log partition, and on DynamoDB its index shard; counters may be spread otherwise. */
  shard: number;
  /** The manifest line that registered it. */
  line: number;
  failure?: Failure;
  /** When its restored copy expires (ISO-8601), as the `RestoreCompleted` that restored it said. */
  expiresAt?: string;
  /** When S3 said its restored copy expired (`Object Restore Expired`); it stays `restored` for the job. */
  expiredAt?: string;
  /** Its size in bytes, once an S3 event or the sweep said it. */
  size?: number;
}

/** Where an object event came from. */
export type ObjectEventSource = 's3' | 'sweep' | 'report' | 'batch' | 'external';

/** A fact about one tracked object of one job, ready to be logged and applied. */
export interface ObjectEvent {
  jobId: string;
  /** The object the fact is about, as the source named it (an S3 event carries its version id). */
  object: ObjectRef;
  /** The tracked item it applies to (`TrackedObject.ref`): identifies the job × object item. */
  tracked: ObjectRef;
  type: ObjectEventType;
  /** Deterministic: the same fact delivered twice has the same id, so it is logged once. */
  eventId: string;
  /** ISO-8601 time of the fact. */
  at: string;
  source: ObjectEventSource;
  /**
   * Why, for `ObjectFailed`. On other events from a completion report, the failed task's code
   * and message (e.g. `InvalidObjectState` on an `ObjectAvailable`: the object is not archived),
   * kept in the log only: the object's state carries a failure only when `failed`.
   */
  failure?: Failure;
  /** On `RestoreCompleted`: when the restored copy expires (S3's `restore-expiry-time`, or what the sweep saw). */
  expiresAt?: string;
  /** The object's size, when the source says it (S3's events, the sweep's listing). */
  size?: number;
}

/** An object's state change, committed together with the counters it moved. */
export interface ObjectTransition {
  jobId: string;
  /** `objectId(tracked ref)` from the shared key codec. */
  objectId: string;
  from: ObjectState;
  to: ObjectState;
  /** The object's fixed shard (`TrackedObject.shard`). */
  shard: number;
}

/** What `record` did. */
export interface RecordOutcome {
  /** One entry per object whose state changed (net, when several events of a call touched it). */
  transitions: ObjectTransition[];
  /** Events appended to the log by this call. */
  logged: number;
  /** Events that were already in the log (redelivered or duplicated). */
  duplicates: number;
}

/** How a job ended, as stored. */
export interface JobOutcome {
  status: TerminalJobStatus;
  reason?: string;
  failures?: Failure[];
  at: string;
}

/** A Batch Operations job status as last seen by the poller. */
export interface BatchStatusUpdate {
  status: string;
  failureReasons?: Failure[];
  tasks?: BatchTasks;
  at: string;
}

/** A job's progress, read in O(1) (never a scan of its objects). */
export interface JobProgress {
  jobId: string;
  status: JobStatus;
  batchJobId: string;
  createdAt: string;
  /** Distinct objects; 0 until tracking is ready. */
  totalObjects: number;
  /** Objects per state, summed over the shards. */
  counts: ObjectCounts;
  /** Objects whose restored copy has expired since (`Object Restore Expired`), each counted once. */
  expired: number;
  /** Bytes per state: the sizes of the objects in each state whose size is known, summed. */
  bytes: ObjectCounts;
  /** The highest `ProgressPercent` already published for the job (0 before any). */
  publishedPercent: number;
  /** Set once every manifest line is registered. */
  ready?: TrackingReady;
  /** Set once the job is terminal. */
  outcome?: JobOutcome;
  /** Whether the job's `JobFinished` was published (see `confirmFinishPublished`). */
  finishPublished: boolean;
  batchStatus?: string;
  /** When the job times out (`JobInit.deadline`). */
  deadline?: string;
}

/** One entry of the active-job index. */
export interface ActiveJob {
  jobId: string;
  batchJobId: string;
  status: JobStatus;
  createdAt: string;
  batchStatus?: string;
  /** Set when the job is terminal but its `JobFinished` is not confirmed published yet. */
  finishedAt?: string;
  /** When the job times out (`JobInit.deadline`). */
  deadline?: string;
}

/** One page of the active-job index. */
export interface ActiveJobsPage {
  jobs: ActiveJob[];
  /** Pass back to get the next page; absent on the last one. */
  cursor?: string;
}

/** Which of a job's objects to list, and where to continue (`TrackerStore.listObjects`). */
export interface ObjectsQuery {
  /** Only objects in this state; all of them when absent. */
  state?: ObjectState;
  /** At most this many objects (1 to 1,000). */
  limit: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

/** One page of a job's objects. */
export interface ObjectsPage {
  objects: TrackedObject[];
  /** Pass back to get the next page; absent on the last one. Opaque (base64url). */
  cursor?: string;
}

/**
 * The tracker's store: registration, the append-only event log, object states, per-job counters
 * and the job's tracking status. Counters move exactly once per real object transition.
 */
export interface TrackerStore {
  /** Create the job, status `Preparing`, with its deadline. False when it already existed (a redelivered `JobCreated`). */
  startJob(init: JobInit): Promise<boolean>;
  /**
   * Register manifest objects for a job, one item per job × object. Retry-safe: an object this
   * job already registered from the same line counts as registered again; from another line it
   * is a duplicate.
   *
   * @throws NotFoundError `JobNotFound` when `startJob` did not run
   */
  registerObjects(jobId: string, entries: ManifestObject[]): Promise<Registration>;
  /**
   * Entries per `registerObjects` call this store handles best (default 100): DynamoDB writes 25
   * items a request whatever the call's size, SQLite commits once per call.
   */
  readonly registrationChunk?: number;
  /**
   * Keep what reading one range of a fanned-out registration found, once per range (a repeat
   * keeps the first). Returns every range's reading, in range order, when this call or an earlier
   * one made them all present; undefined while some are missing. Several callers may get the
   * readings (a redelivered range): `markTrackingReady` and `finish` decide exactly once.
   *
   * @throws NotFoundError `JobNotFound` when `startJob` did not run
   */
  completeRange(jobId: string, slot: RangeSlot, reading: RangeReading): Promise<RangeReading[] | undefined>;
  /** Every object is registered: status `Restoring`, totals set. Exactly once: false afterwards or when the job is no longer `Preparing`. */
  markTrackingReady(jobId: string, ready: TrackingReady): Promise<boolean>;
  /**
   * Every tracked job × object waiting on each object (strongly consistent), keyed by
   * `objectId(ref)` of the ref asked for. A tracked object without a version id matches any
   * version; one with a version id only that version. Refs nobody waits on are absent.
   */
  findWaiting(refs: ObjectRef[]): Promise<Map<string, TrackedObject[]>>;
  /**
   * Log each event once (idempotent by `eventId`) and apply the transitions it causes, counters
   * with them. Besides states, the restored copy's expiry (the rules of app/expiry.ts, shared by
   * every store): a `RestoreCompleted` with an `expiresAt` later than
   * the object's sets it (and clears an `expiredAt` older than it: a new copy); a `RestoreExpired`
   * at or after the object's `expiresAt` sets `expiredAt` on a `restored` object that has none.
   * `expired` counts the objects with `expiredAt`, moving with it in the same commit. The first
   * event that carries a `size` sets the object's; `bytes` then counts it in the object's state,
   * moving with it (app/sizes.ts).
   */
  record(events: ObjectEvent[]): Promise<RecordOutcome>;
  /** The job's status and counters, or undefined for an unknown job. */
  progress(jobId: string): Promise<JobProgress | undefined>;
  /** Raise the job's published percent to `percent`. False when a higher value was already published. */
  advancePublishedPercent(jobId: string, percent: number): Promise<boolean>;
  /**
   * End the job. Exactly one call wins per job (true); every other, concurrent or later, gets
   * false. The job stays in the active index until `confirmFinishPublished`, so a `JobFinished`
   * lost to a crash is published again by the poller.
   *
   * @throws NotFoundError `JobNotFound`
   */
  finish(jobId: string, outcome: JobOutcome): Promise<boolean>;
  /** The job's `JobFinished` is on the bus: it leaves the active index. */
  confirmFinishPublished(jobId: string): Promise<void>;
  /** Jobs not yet finished and published, oldest first, a page at a time (an index, never a scan). */
  activeJobs(page: { limit: number; cursor?: string }): Promise<ActiveJobsPage>;
  /** Remember the Batch Operations job's status as the poller saw it. */
  recordBatchStatus(jobId: string, update: BatchStatusUpdate): Promise<void>;
  /**
   * A job's objects, a page at a time, through an index (never a scan): ordered by state (the
   * byte order of the state names), then in an order of the store's own that is the same on every
   * call, so pages follow each other with no object twice and none left out (an object whose
   * state changes during a walk moves in that order, and may be met twice or not at all). Failed
   * objects carry their failure. An unknown job has no objects. On DynamoDB the listing reads an
   * index, which is eventually consistent: a transition committed a moment ago may not show yet.
   *
   * @throws ValidationError `InvalidNextToken` (field `next_token`) for a cursor this store did
   *   not return for this job and this state filter
   * @example
   * ```ts
   * const page = await store.listObjects(jobId, { state: 'failed', limit: 100 });
   * page.objects[0]?.failure; // { code: 'NoSuchKey', message: '…' }
   * const next = page.cursor && (await store.listObjects(jobId, { state: 'failed', limit: 100, cursor: page.cursor }));
   * ```
   */
  listObjects(jobId: string, query: ObjectsQuery): Promise<ObjectsPage>;
}

/** Task counts of a Batch Operations job. */
export interface BatchTasks {
  total: number;
  succeeded: number;
  failed: number;
}

/** Where a Batch Operations job writes its completion report (CreateJob's `Report`). */
export interface ReportLocation {
  /** The bucket's name. */
  bucket: string;
  /** The key prefix the job was given; '' for none. The report is under `<prefix>/job-<batchJobId>/`. */
  prefix: string;
}

/** A Batch Operations job as DescribeJob reports it. */
export interface BatchJobDescription {
  status: string;
  failureReasons: Failure[];
  tasks: BatchTasks;
  /** Where its completion report goes; absent when the job writes none. */
  report?: ReportLocation;
}

/** S3 Batch Operations, read side. */
export interface BatchJobs {
  /** @throws NotFoundError `BatchJobNotFound` */
  describe(batchJobId: string): Promise<BatchJobDescription>;
}

/** One failed task of a Batch Operations completion report: the object, its key decoded, and why. */
export interface ReportedTask {
  bucket: string;
  key: string;
  versionId?: string;
  /** S3's error code for the task (`InvalidObjectState`, `NoSuchKey`…); `Unknown` when the row has none. */
  errorCode: string;
  httpStatus?: number;
  message: string;
}

/** The completion reports S3 Batch Operations writes when a job ends (aws-facts §6.6). */
export interface CompletionReports {
  /**
   * Stream the failed tasks of the report of `batchJobId`, written at `report`. Nothing is read
   * until iteration starts; rows are read one results file at a time, never all at once.
   *
   * @throws DependencyError `ReportNotFound` (no report, or a results file it lists is gone) or
   *   `ReportMalformed` (details name the file and, for a CSV row, its line) while iterating;
   *   anything else (network, throttling, access denied) as is.
   * @example
   * ```ts
   * for await (const task of reports.failedTasks(batchJobId, { bucket: 'reports', prefix: 'reports/j1' })) {
   *   console.log(task.key, task.errorCode); // 'photos/a b.jpg' 'NoSuchKey'
   * }
   * ```
   */
  failedTasks(batchJobId: string, report: ReportLocation): AsyncIterable<ReportedTask>;
}

/** What S3 shows about an object right now (the reconciliation sweep's view). */
export type ObjectObservation =
  /** A restored copy is readable (until `expiresAt`). */
  | { kind: 'restored'; expiresAt?: string; size?: number }
  /** A restore is in progress. */
  | { kind: 'restoring'; size?: number }
  /** Archived with no restore in progress or done: nothing to settle yet. */
  | { kind: 'archived' }
  /** Not in an archive class or tier: readable as it is. */
  | { kind: 'readable'; storageClass: string; size?: number }
  /** No object under this key (or this version). */
  | { kind: 'missing' };

/** S3, read side, for the sweep. */
export interface ObjectObserver {
  /**
   * Look each object up; keyed by `objectId(ref)`. Every ref asked for gets an answer.
   *
   * @throws DependencyError `SweepReadFailed` when S3 could not be read
   */
  observe(refs: ObjectRef[]): Promise<Map<string, ObjectObservation>>;
}

/** One structured log line. */
export type Log = (entry: Record<string, unknown>) => void;
