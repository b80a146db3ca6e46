import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backoff } from './errors.js';
import type { DynamoTrackerTables, ItemKey } from './layout.js';
import { keyString } from './layout.js';

/** What every operation of the DynamoDB store shares. */
export interface DynamoContext {
  client: DynamoDBDocumentClient;
  tables: DynamoTrackerTables;
  /** Requests in flight for one call (conditional puts, queries). */
  concurrency: number;
  /** Items per TransactWriteItems (DynamoDB allows 100). */
  maxTransactionItems: number;
}

/**
 * Strongly consistent BatchGetItem of any number of keys of one table (100 per request;
 * unprocessed keys retried). Returns the items found, by `keyString`.
 */
export async function batchGetConsistent<T extends ItemKey>(ctx: DynamoContext, table: string, keys: ItemKey[]): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (let i = 0; i < keys.length; i += 100) {
    let pending: ItemKey[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const out = await ctx.client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of (out.Responses?.[table] ?? []) as T[]) found.set(keyString(item), item);
      pending = (out.UnprocessedKeys?.[table]?.Keys ?? []) as ItemKey[];
    }
  }
  return found;
}
