/**
 * Translating DynamoDB's errors for the ledger: a failed condition is an answer ("someone else
 * got there first"), anything else is the store being unavailable.
 */
import { DependencyError } from '@s3-bulk-restore/shared';

/** Reasons a cancelled transaction may give that still mean "the state was not what we expected". */
const LOST_RACE_REASONS = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);

/**
 * A conditional write that did not apply: `ConditionalCheckFailedException`, or a
 * `TransactionCanceledException` whose reasons are only failed conditions or a conflict with a
 * concurrent transaction on the same items (both settle by reading the state again).
 */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.length > 0 && reasons.every((r) => LOST_RACE_REASONS.has(r.Code ?? 'None'));
}

/** Any other DynamoDB failure (throttling, network, permissions): code `LedgerUnavailable`. */
export function ledgerUnavailable(operation: string, error: unknown): DependencyError {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return new DependencyError('LedgerUnavailable', `NotificationLedger.${operation} failed: ${String(name)}: ${message}`, { operation }, { cause: error });
}
