/** The DynamoDB JobStore on moto_server, tables created from services/jobs/serverless.yml. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoJobStore } from '../../src/adapters/aws/dynamo-job-store.js';
import { backfillClientTagIndex } from '../../src/adapters/aws/backfill-client-tag-index.js';
import { jobItem } from '../../src/adapters/aws/job-items.js';
import type { JobRecord } from '../../src/app/job-record.js';
import { jobStoreContract } from '../contracts/job-store.contract.js';
import { finished, jobRecord } from '../support/fixtures.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

if (!motoAvailable()) {
  process.stderr.write(`${MOTO_MISSING}\n`);
  describe.skip('JobStore on DynamoDB (moto)', () => it('needs moto_server', () => undefined));
} else {
  jobStoreContract('DynamoDB on moto_server', async () => {
    const moto = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `contract-${Date.now()}`);
    const client = documentClient(moto.endpoint);
    return {
      store: new DynamoJobStore({ client, tableName: tables['JobsTable']! }),
      async cleanup() {
        client.destroy();
        await moto.stop();
      },
    };
  });

  describe('DynamoJobStore: listing by client tag (GSI3)', () => {
    let moto: MotoServer;
    let client: DynamoDBDocumentClient;
    let tableName: string;
    beforeAll(async () => {
      moto = await startMoto();
      tableName = (await createServiceTables(serviceDir, moto.endpoint, `gsi3-${Date.now()}`))['JobsTable']!;
      client = documentClient(moto.endpoint);
    });
    afterAll(async () => {
      client?.destroy();
      await moto?.stop();
    });

    it('a tag-and-status listing that runs out of its read budget ends the page short, and its token still never skips or repeats a job', async () => {
      // Arrange: 9 jobs of one tag, newest last; every third one Complete.
      const store = new DynamoJobStore({ client, tableName, filteredReadBudget: 2 });
      const jobs: JobRecord[] = [];
      for (let i = 0; i < 9; i++) {
        const job = jobRecord({ seconds: 1_000 + i, clientTag: 'budget' });
        jobs.push(job);
        await store.create(job);
        if (i % 3 === 0) await store.applyFinished(finished(job, 'Complete', { restored: 100 }, { seconds: 2_000, percent: 100 }));
      }

      // Act: every page of Complete jobs of the tag, two a page.
      const pages: string[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await store.list({ clientTag: 'budget', status: 'Complete', limit: 2, ...(nextToken ? { nextToken } : {}) });
        pages.push(page.jobs.map((j) => j.jobId));
        nextToken = page.nextToken;
      } while (nextToken && pages.length < 20);

      // Assert: 2 items read a request, so pages hold at most one Complete job here (some none).
      expect(pages.flat()).toEqual([jobs[6]!.jobId, jobs[3]!.jobId, jobs[0]!.jobId]);
      expect(pages.some((page) => page.length === 0)).toBe(true);
      expect(pages.every((page) => page.length <= 1)).toBe(true);
      expect(nextToken).toBeUndefined();
      // The same listing with the default budget: one page, exactly the three.
      const whole = await new DynamoJobStore({ client, tableName }).list({ clientTag: 'budget', status: 'Complete', limit: 3 });
      expect(whole).toEqual({ jobs: [jobs[6], jobs[3], jobs[0]].map((j) => expect.objectContaining({ jobId: j!.jobId, status: 'Complete' })) });
    });

    it('the backfill gives job items written before GSI3 their tag key, so they are listed, and touches nothing else', async () => {
      // Arrange: two tagged items as the code before GSI3 wrote them (no gsi3pk), one untagged.
      const store = new DynamoJobStore({ client, tableName });
      const legacy = [jobRecord({ seconds: 5_000, clientTag: 'legacy' }), jobRecord({ seconds: 5_001, clientTag: 'legacy' })];
      const { clientTag: _untagged, ...untagged } = jobRecord({ seconds: 5_002 });
      for (const job of [...legacy, untagged]) {
        const { gsi3pk: _gsi3pk, ...before } = jobItem(job, 1);
        await client.send(new PutCommand({ TableName: tableName, Item: before }));
      }
      expect((await store.list({ clientTag: 'legacy', limit: 10 })).jobs).toEqual([]);

      // Act
      const result = await backfillClientTagIndex(client, tableName);

      // Assert: only the two legacy items needed it; they are listed, newest first, unchanged.
      expect(result).toEqual({ updated: 2 });
      const listed = await store.list({ clientTag: 'legacy', limit: 10 });
      expect(listed).toEqual({ jobs: [legacy[1], legacy[0]] });
      await expect(store.get(untagged.jobId)).resolves.toEqual(untagged);
      await expect(backfillClientTagIndex(client, tableName)).resolves.toEqual({ updated: 0 });
    });
  });
}
