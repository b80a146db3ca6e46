/**
 * moto_server serves requests on several threads but its DynamoDB writes are not isolated from
 * each other: TransactWriteItems deep-copies the tables before it applies, and a cancelled one
 * puts its copies back, undoing whatever another request committed in between (read in
 * moto/dynamodb/models/__init__.py, `transact_write_items`). Real DynamoDB serialises
 * transactions. Tests that run writes concurrently therefore pass their client through this,
 * which sends one write at a time (reads still interleave freely), so they test our code's
 * behaviour under concurrency rather than moto's lost updates.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set(['TransactWriteItemsCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

export function serialiseMotoWrites(client: DynamoDBClient): void {
  let tail: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (!WRITES.has(String((context as { commandName?: string }).commandName))) return next(args);
      const run = tail.then(() => next(args));
      tail = run.catch(() => undefined);
      return run;
    },
    // After the SDK has built and retried the request, so a retry does not queue behind itself.
    { step: 'finalizeRequest', name: 'serialiseMotoWrites' },
  );
}
