/** The DynamoDB JobStore on moto_server, tables created from services/jobs/serverless.yml. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoJobStore } from '../../src/adapters/aws/dynamo-job-store.js';
import { jobStoreContract } from '../contracts/job-store.contract.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

if (!motoAvailable()) {
  process.stderr.write(`${MOTO_MISSING}\n`);
  describe.skip('JobStore on DynamoDB (moto)', () => it('needs moto_server', () => undefined));
} else {
  jobStoreContract('DynamoDB on moto_server', async () => {
    const moto = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `contract-${Date.now()}`);
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    return {
      store: new DynamoJobStore({ client, tableName: tables['JobsTable']! }),
      async cleanup() {
        client.destroy();
        await moto.stop();
      },
    };
  });
}
