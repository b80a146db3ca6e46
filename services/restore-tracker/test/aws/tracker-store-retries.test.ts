/**
 * DynamoDB-specific: a transition whose object another writer moved between our read and our
 * transaction is cancelled, re-read and retried, and the counters still move exactly once.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { emptyCounts } from '@s3-bulk-restore/shared';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import { objectItemKey, objectsByStateSk, shardKey } from '../../src/adapters/aws/dynamo/layout.js';
import type { ObjectEvent } from '../../src/app/ports.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);

describeMoto('DynamoTrackerStore under a competing writer', () => {
  let moto: MotoServer;
  let client: DynamoDBClient;
  let tables: Record<string, string>;
  beforeAll(async () => {
    moto = await startMoto();
    tables = await createServiceTables(serviceDir, moto.endpoint, `r${Date.now()}`);
    client = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  });
  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  it('re-reads and retries a cancelled transaction, counting once', async () => {
    const store = new DynamoTrackerStore({ client, tables: { objects: tables['ObjectsTable'] as string, eventLog: tables['EventLogTable'] as string, progress: tables['ProgressTable'] as string } });
    const jobId = 'race-job';
    const ref = { bucket: 'arch', key: 'contended' };
    await store.startJob({ jobId, batchJobId: 'b', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 1 });
    await store.registerObjects(jobId, [{ line: 1, ...ref }]);
    await store.markTrackingReady(jobId, { totalObjects: 1, manifestLines: 1, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });

    // Just before our first transaction, another writer applies registered → restoring with its counters.
    const doc = DynamoDBDocumentClient.from(client);
    let transactions = 0;
    const key = objectItemKey(jobId, ref);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if ((context as { commandName?: string }).commandName === 'TransactWriteItemsCommand' && transactions++ === 0) {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: tables['ObjectsTable'],
                    Key: key,
                    UpdateExpression: 'SET #s = :to, gsi1sk = :g',
                    ConditionExpression: '#s = :from',
                    ExpressionAttributeNames: { '#s': 'state' },
                    ExpressionAttributeValues: { ':to': 'restoring', ':from': 'registered', ':g': objectsByStateSk('restoring', key.pk) },
                  },
                },
                { Update: { TableName: tables['ProgressTable'], Key: shardKey(jobId, 0), UpdateExpression: 'ADD registered :m, restoring :p', ExpressionAttributeValues: { ':m': -1, ':p': 1 } } },
              ],
            }),
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'competingWriter' },
    );

    const completed: ObjectEvent = { jobId, object: ref, tracked: ref, type: 'RestoreCompleted', eventId: 'c1', at: '2030-01-02T00:00:00.000Z', source: 's3' };
    const outcome = await store.record([completed]);
    expect(transactions).toBeGreaterThanOrEqual(3); // the competitor's, our cancelled one, our retry
    expect(outcome.transitions.map((t) => [t.from, t.to])).toEqual([['restoring', 'restored']]);
    expect((await store.progress(jobId))?.counts).toEqual({ ...emptyCounts(), restored: 1 });
  });
});
