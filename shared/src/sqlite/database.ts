/**
 * SQLite for the embedded default (the local runner): one database file holds every service's
 * tables, each service's adapter creating its own (prefixed) tables through {@link migrate}.
 * WAL with `synchronous=NORMAL`: a committed transaction survives a killed process (not a power
 * cut), which is what "a restart resumes every job where it was" needs.
 *
 * The connection type never crosses a port: adapters take it in their constructor.
 */
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

export type { SqliteDatabase };

/** Open (and create) a database file, or `:memory:`. */
export function openDatabase(file: string): SqliteDatabase {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * Apply a component's schema steps once each, in order, recording them in `schema_migrations`.
 * Steps are never edited once released: add a new one instead.
 *
 * @example migrate(db, 'tracker', ['CREATE TABLE tracker_objects (…)', 'CREATE INDEX …'])
 */
export function migrate(db: SqliteDatabase, component: string, steps: readonly string[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, step INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, step))');
  const applied = db.prepare('SELECT step FROM schema_migrations WHERE component = ?').pluck().all(component) as number[];
  const record = db.prepare('INSERT INTO schema_migrations (component, step, applied_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    steps.forEach((sql, index) => {
      if (applied.includes(index + 1)) return;
      db.exec(sql);
      record.run(component, index + 1, new Date().toISOString());
    });
  })();
}

/**
 * The extended result code of better-sqlite3's `SqliteError` (`SQLITE_CONSTRAINT_PRIMARYKEY`…),
 * or undefined for anything else. Checked by shape, not `instanceof`: the native addon keeps the
 * error class of the first realm that loaded it, so under jest's per-file module registries its
 * errors are not instances of the local `Error`.
 */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** A row with this primary key (or unique value) is already there: DynamoDB's lost `attribute_not_exists`. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A row points at a parent row (a job) that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Another connection held the write lock for longer than the busy timeout. */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') === true || code === 'SQLITE_LOCKED';
}
