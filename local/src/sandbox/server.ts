/**
 * The sandbox's composition root: builds the state, clock, restore engine, event delivery and
 * Batch Operations, and serves S3, S3 Control and the dev API on one loopback port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchOperations } from './batch/engine.js';
import type { ClockMode } from './clock.js';
import { VirtualClock } from './clock.js';
import type { FaultSettings, SandboxContext } from './context.js';
import { defaultFaults } from './context.js';
import type { EventDestinations } from './events/delivery.js';
import { EventDelivery } from './events/delivery.js';
import { routeControl } from './operations/control/router.js';
import { routeDev } from './operations/dev/router.js';
import { routeS3 } from './operations/s3/router.js';
import { serve } from './protocol/http.js';
import type { SandboxRequest, SandboxResponse } from './protocol/request.js';
import { Rng } from './random.js';
import { RestoreEngine } from './restore/engine.js';
import type { LatencyTable } from './restore/latency.js';
import { TpsWindow } from './restore/throttle.js';
import type { Snapshot } from './state/persistence.js';
import { SnapshotFile, bucketFromSnapshot, bucketToSnapshot } from './state/persistence.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, S3State } from './state/store.js';

export interface SandboxOptions {
  /** Port on 127.0.0.1 (0: any free port). */
  port?: number;
  host?: string;
  /** Virtual ms per wall ms (`scaled` mode). */
  timeScale?: number;
  clockMode?: ClockMode;
  /** Virtual time to start at, epoch ms (default: now). */
  startTime?: number;
  seed?: number;
  /** Keep state across restarts in this directory. */
  dataDir?: string;
  /** With `dataDir`: the snapshot is rewritten at most this often (default 100 ms). */
  persistIntervalMs?: number;
  accountId?: string;
  region?: string;
  destinations?: EventDestinations;
  latencies?: LatencyTable;
  expiryBase?: 'completion' | 'request';
  /** Batch Operations tasks per virtual second (default 1,000, about what AWS runs a restore job at). */
  batchTasksPerSecond?: number;
  faults?: Partial<{ [K in keyof FaultSettings]: Partial<FaultSettings[K]> }>;
  /** Where unexpected errors are logged (default: stderr). */
  log?: (message: string) => void;
}

export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the S3 endpoint, also serving S3 Control and `/_sandbox/`. */
  readonly endpoint: string;
  readonly port: number;
  readonly context: SandboxContext;
  readonly clock: VirtualClock;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const seed = options.seed ?? 1;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const region = options.region ?? DEFAULT_REGION;
  const faults = mergeFaults(options.faults);
  const clock = new VirtualClock({ mode: options.clockMode ?? 'scaled', timeScale: options.timeScale ?? 1, start: options.startTime });
  const s3 = new S3State();
  const rng = new Rng(seed);
  let persist: SnapshotFile | undefined;
  const changed = (durable?: boolean) => (durable ? persist?.saveNow() : persist?.changed());

  const events = new EventDelivery({ clock, seed, rng, accountId, region, faults: () => faults.events, destinations: options.destinations ?? {}, log });
  const restores = new RestoreEngine({ clock, seed, events, latencies: options.latencies, expiryBase: options.expiryBase, onChange: changed });
  const batch = new BatchOperations({
    clock,
    s3,
    restores,
    events,
    seed,
    faults: () => faults.batch,
    tasksPerSecond: options.batchTasksPerSecond ?? 1000,
    onChange: changed,
  });
  const context: SandboxContext = {
    accountId,
    region,
    seed,
    clock,
    s3,
    restores,
    batch,
    events,
    faults,
    rng,
    restoreThrottle: new TpsWindow(),
    changed,
  };

  const dataDir = options.dataDir;
  if (dataDir) {
    persist = new SnapshotFile(
      dataDir,
      (): Snapshot => ({
      format: 1,
      savedAt: Date.now(),
      clockNow: clock.now(),
      s3: { buckets: [...s3.buckets.values()].map((b) => bucketToSnapshot(b, dataDir)), counters: s3.counters() },
      batch: batch.toJSON(),
      events: events.toJSON(),
      }),
      options.persistIntervalMs,
    );
    const snapshot = persist.load();
    if (snapshot) {
      clock.advanceTo(snapshot.clockNow);
      for (const b of snapshot.s3.buckets) s3.buckets.set(b.name, bucketFromSnapshot(b, dataDir));
      s3.restoreCounters(snapshot.s3.counters);
      batch.load(snapshot.batch);
      if (Array.isArray(snapshot.events)) events.load(snapshot.events as Parameters<EventDelivery['load']>[0]);
      restores.scheduleAll(s3.buckets.values());
      batch.scheduleAll();
    }
  }

  const handle = async (req: SandboxRequest): Promise<SandboxResponse> => {
    if (req.rawPath.startsWith('/_sandbox/') || req.rawPath === '/_sandbox') return routeDev(context, req);
    if (req.rawPath.startsWith('/v20180820/')) return routeControl(context, req);
    return routeS3(context, req);
  };
  const server = createServer((req, res) => {
    void serve(req, res, handle, {
      defaultRegion: region,
      onUnexpectedError: (e) => log(`sandbox: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    context,
    clock,
    async close() {
      clock.close();
      await events.close();
      persist?.saveNow();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function mergeFaults(overrides: SandboxOptions['faults']): FaultSettings {
  const faults = defaultFaults();
  if (overrides?.restore) Object.assign(faults.restore, overrides.restore);
  if (overrides?.events) Object.assign(faults.events, overrides.events);
  if (overrides?.batch) Object.assign(faults.batch, overrides.batch);
  return faults;
}
