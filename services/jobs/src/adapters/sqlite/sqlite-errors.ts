/**
 * Reading better-sqlite3's errors without importing the native module's classes: a `SqliteError`
 * carries SQLite's extended result code as a string (`SQLITE_CONSTRAINT_PRIMARYKEY`, `SQLITE_BUSY`…).
 */

/** SQLite's extended result code of an error, or undefined for anything that is not a SqliteError. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** A row with this primary key (or unique value) is already there. */
export function isUniqueViolation(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Another connection held the write lock for longer than the busy timeout. */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') === true || code === 'SQLITE_LOCKED';
}
