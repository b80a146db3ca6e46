/**
 * The embedded composition (the local runner): the same use cases over SQLite and a bus the
 * runner hands in; S3 and S3 Control stay the AWS adapters, pointed at the sandbox or at AWS by
 * the configuration's endpoints.
 */
import { randomUUID } from 'node:crypto';
import type { BusPublisher } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteJobStore } from './adapters/sqlite/sqlite-job-store.js';
import { createJobsApp } from './app/app.js';
import type { JobsApp } from './app/app.js';
import { s3Adapters, settingsOf } from './compose.js';
import type { JobsConfig } from './config.js';

export interface EmbeddedOptions {
  /** The runner's database file (one for every service). */
  db: SqliteDatabase;
  bus: BusPublisher;
  now?: () => Date;
}

export function composeEmbedded(config: JobsConfig, options: EmbeddedOptions): JobsApp {
  return createJobsApp({
    store: new SqliteJobStore({ db: options.db }),
    ...s3Adapters(config),
    bus: options.bus,
    now: options.now ?? (() => new Date()),
    newId: randomUUID,
    settings: settingsOf(config),
  });
}
