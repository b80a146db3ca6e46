/**
 * The embedded composition (the local runner): the ledger on SQLite, notifications to whatever
 * sink the runner hands in (NDJSON file, Server-Sent Events, webhook — see adapters/local).
 */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteNotificationLedger } from './adapters/sqlite/sqlite-notification-ledger.js';
import type { NotificationSink } from './app/ports.js';
import { createOnJobEvent } from './app/on-job-event.js';
import type { NotifierApp } from './compose.js';

export interface EmbeddedOptions {
  db: SqliteDatabase;
  sink: NotificationSink;
  now?: () => Date;
}

export function composeEmbedded(options: EmbeddedOptions): NotifierApp {
  const ledger = new SqliteNotificationLedger({ db: options.db, ...(options.now ? { now: options.now } : {}) });
  return { onJobEvent: createOnJobEvent({ ledger, sink: options.sink }) };
}
