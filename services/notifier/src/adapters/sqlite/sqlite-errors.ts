/**
 * Translating SQLite's errors for the ledger, as dynamo-errors.ts does for DynamoDB: a violated
 * constraint is an answer (the row was already there, or the job's settings were not), anything
 * else (busy past the timeout, I/O, a closed database) is the store being unavailable.
 */
import { DependencyError } from '@s3-bulk-restore/shared';

/** better-sqlite3's `SqliteError` carries SQLite's extended result code as a string `code`. */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** A primary-key or unique violation: the row already exists (DynamoDB's `attribute_not_exists` failing). */
export function isDuplicateRow(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A foreign-key violation: the row it points to (the job's settings) does not exist. */
export function isMissingParent(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Any other SQLite failure: code `LedgerUnavailable`, the same error the DynamoDB adapter raises. */
export function ledgerUnavailable(operation: string, error: unknown): DependencyError {
  const name = sqliteCode(error) ?? (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return new DependencyError('LedgerUnavailable', `NotificationLedger.${operation} failed: ${String(name)}: ${message}`, { operation }, { cause: error });
}
