/** Reading AWS SDK v3 errors without depending on each client's exception classes. */

export interface AwsErrorInfo {
  name: string;
  status?: number;
  message: string;
}

export function awsError(error: unknown): AwsErrorInfo {
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number }; Code?: unknown };
  const name = typeof e?.name === 'string' ? e.name : typeof e?.Code === 'string' ? e.Code : 'Error';
  return { name, status: e?.$metadata?.httpStatusCode, message: typeof e?.message === 'string' ? e.message : String(error) };
}

/** `TransactionCanceledException`'s reasons, one per item, in order (`None` when that item was fine). */
export function cancellationCodes(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}
