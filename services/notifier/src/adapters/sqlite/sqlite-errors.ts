/**
 * Translating SQLite's errors for the ledger, as dynamo-errors.ts does for DynamoDB: a violated
 * constraint is an answer (the row was already there, or the job's settings were not), anything
 * else (busy past the timeout, I/O, a closed database) is the store being unavailable.
 */
import { DependencyError } from '@s3-bulk-restore/shared';
import { sqliteCode } from '@s3-bulk-restore/shared/sqlite';

/** Any other SQLite failure: code `LedgerUnavailable`, the same error the DynamoDB adapter raises. */
export function ledgerUnavailable(operation: string, error: unknown): DependencyError {
  const name = sqliteCode(error) ?? (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return new DependencyError('LedgerUnavailable', `NotificationLedger.${operation} failed: ${String(name)}: ${message}`, { operation }, { cause: error });
}
