/** The TrackerStore contract on the DynamoDB adapter, against moto_server, tables from serverless.yml. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import { trackerStoreContract } from '../contracts/tracker-store.contract.js';
import { serialiseMotoWrites } from './moto-isolation.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

if (motoAvailable()) {
  trackerStoreContract('DynamoDB on moto', async () => {
    const moto = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `c${Date.now()}`);
    const client = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    serialiseMotoWrites(client);
    let requests = 0;
    client.middlewareStack.add(
      (next) => (args) => {
        requests += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    const store = new DynamoTrackerStore({
      client,
      tables: { objects: tables['ObjectsTable'] as string, eventLog: tables['EventLogTable'] as string, progress: tables['ProgressTable'] as string },
    });
    return {
      store,
      requestCount: () => requests,
      async cleanup() {
        client.destroy();
        await moto.stop();
      },
    };
  });
} else {
  describe.skip('TrackerStore contract: DynamoDB on moto', () => {
    it.skip(MOTO_MISSING, () => undefined);
  });
  console.warn(MOTO_MISSING);
}
