/**
 * What DynamoDB's errors mean to the store. The SDK's exceptions never leave the adapter: they
 * become outcomes (a lost condition is "someone else did it first") or domain errors.
 */

/** A conditional write lost: the item was not in the state the write required. */
export function isConditionalCheckFailed(error: unknown): error is Error & { Item?: Record<string, unknown> } {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** One entry of a cancelled transaction's `CancellationReasons`. */
export interface CancellationReason {
  Code?: string;
  Message?: string;
}

/** The per-item reasons of a cancelled transaction (positional), or undefined for other errors. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

/**
 * A number attribute of an item DynamoDB returned raw (ReturnValuesOnConditionCheckFailure gives
 * AttributeValues even through the DocumentClient).
 */
export function rawNumber(item: Record<string, unknown> | undefined, name: string): number | undefined {
  const value = item?.[name] as { N?: string } | undefined;
  return value?.N === undefined ? undefined : Number(value.N);
}

/** A string attribute of a raw item. */
export function rawString(item: Record<string, unknown> | undefined, name: string): string | undefined {
  return (item?.[name] as { S?: string } | undefined)?.S;
}

/** Wait a little, more after each attempt, with jitter, before retrying a contended write. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.min(20 * 2 ** attempt, 1_000) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
