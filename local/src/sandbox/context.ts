import type { VirtualClock } from './clock.js';
import type { BatchOperations } from './batch/engine.js';
import type { EventDelivery } from './events/delivery.js';
import type { Rng } from './random.js';
import type { RestoreEngine } from './restore/engine.js';
import type { TpsWindow } from './restore/throttle.js';
import type { S3State } from './state/store.js';

/** Fault injection knobs (dev API `PUT /_sandbox/faults`). Rates are 0..1. */
export interface FaultSettings {
  restore: {
    /** Share of RestoreObject requests answered 503 SlowDown. */
    slowDownRate: number;
    /** Share of Expedited requests answered 503 GlacierExpeditedRetrievalNotAvailable. */
    expeditedUnavailableRate: number;
    /** RestoreObject requests per wall-clock second above which requests are throttled. */
    maxRestoreTps: number;
  };
  events: {
    duplicateRate: number;
    /** Share of events delivered late, by up to `maxDelayMs` of virtual time. */
    delayRate: number;
    maxDelayMs: number;
    /** Share of events held back and delivered after the next one. */
    reorderRate: number;
    /** Share of events never delivered. */
    dropRate: number;
  };
  batch: {
    /** Share of Batch Operations tasks that fail (InternalError) regardless of the object. */
    taskFailureRate: number;
  };
}

export function defaultFaults(): FaultSettings {
  return {
    restore: { slowDownRate: 0, expeditedUnavailableRate: 0, maxRestoreTps: 1000 },
    events: { duplicateRate: 0, delayRate: 0, maxDelayMs: 60_000, reorderRate: 0, dropRate: 0 },
    batch: { taskFailureRate: 0 },
  };
}

/** Everything an operation may use. Built once by the composition root (server.ts). */
export interface SandboxContext {
  readonly accountId: string;
  readonly region: string;
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly s3: S3State;
  readonly restores: RestoreEngine;
  readonly batch: BatchOperations;
  readonly events: EventDelivery;
  readonly faults: FaultSettings;
  /** Sequential randomness for fault injection (seeded). */
  readonly rng: Rng;
  /** The RestoreObject requests-per-second quota. */
  readonly restoreThrottle: TpsWindow;
  /**
   * Tell persistence that state changed. `durable`: save before answering (what a client builds
   * on — a bucket, a seeded manifest, a Batch job created or confirmed — must survive a kill, as
   * it would in S3); otherwise the snapshot follows within its interval.
   */
  changed(durable?: boolean): void;
}
