/** SDK clients and the notifier's table on a moto_server, for the tests under test/aws. */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';

export const MOTO_REGION = 'us-east-1';
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** services/notifier, where serverless.yml declares NotifierTable. */
export const SERVICE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function clientsFor(endpoint: string) {
  const options = { endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  const dynamo = new DynamoDBClient(options);
  serializeRequests(dynamo);
  const sns = new SNSClient(options);
  const sqs = new SQSClient(options);
  return {
    dynamo,
    document: DynamoDBDocumentClient.from(dynamo),
    sns,
    sqs,
    destroy() {
      dynamo.destroy();
      sns.destroy();
      sqs.destroy();
    },
  };
}

/** Create NotifierTable (from serverless.yml) under a unique name; returns that name. */
export async function createNotifierTable(endpoint: string): Promise<string> {
  const tables = await createServiceTables(SERVICE_DIR, endpoint, randomUUID().slice(0, 8));
  const name = tables['NotifierTable'];
  if (!name) throw new Error('services/notifier/serverless.yml declares no NotifierTable');
  return name;
}

/**
 * Send one DynamoDB request to moto at a time. DynamoDB applies each request (a transaction
 * included) atomically; moto 5.2.1 does not under concurrent requests: its threaded server runs
 * `transact_write_items` without a lock, two transactions can both pass their conditions, and a
 * cancelled one restores a deep copy of the whole table taken when it started, undoing what
 * others wrote meanwhile. Serialising whole requests restores per-request atomicity and keeps
 * the interleaving *between* requests (read, decide, conditional write) that the adapter must
 * handle, so the concurrency tests still test it.
 */
export function serializeRequests(client: DynamoDBClient): void {
  let tail: Promise<unknown> = Promise.resolve();
  client.middlewareStack.add(
    (next) => (args) => {
      const run = tail.then(() => next(args));
      tail = run.catch(() => undefined);
      return run;
    },
    { step: 'finalizeRequest', name: 'serializeMotoRequests' },
  );
}
