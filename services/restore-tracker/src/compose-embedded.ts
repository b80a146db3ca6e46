/**
 * The embedded composition (the local runner): the tracker's store on SQLite and a bus the runner
 * hands in; manifests, Batch Operations and completion reports stay the S3 adapters, pointed at
 * the sandbox or at AWS by the configuration's endpoints.
 */
import type { BusPublisher } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteTrackerStore } from './adapters/sqlite/tracker-store.js';
import { createTrackerApp } from './app/app.js';
import type { TrackerApp } from './app/app.js';
import type { Log } from './app/ports.js';
import { s3Deps } from './compose.js';
import type { TrackerConfig } from './config.js';

export interface EmbeddedOptions {
  db: SqliteDatabase;
  bus: BusPublisher;
  now?: () => Date;
  log?: Log;
}

export function composeEmbedded(config: TrackerConfig, options: EmbeddedOptions): TrackerApp {
  const deps = { ...s3Deps(config, { ...(options.now ? { now: options.now } : {}), ...(options.log ? { log: options.log } : {}) }), store: new SqliteTrackerStore({ db: options.db }), bus: options.bus };
  return createTrackerApp(deps, {}, { minAgeMs: config.sweepAfterMs });
}
