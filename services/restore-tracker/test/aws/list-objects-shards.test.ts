/**
 * DynamoDB-specific: a job's objects index (GSI1) is spread over index shards
 * (`JOB#<jobId>#<k>`, layout.ts), and a listing walks (state, shard) slots in a fixed order. With
 * serverless.yml's 128 shards and a few dozen objects most slots are empty: paging must still give
 * every object once, by state, in the same order as one big page, and a cursor naming a shard the
 * job does not have is refused.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import type { ObjectEvent, TrackedObject } from '../../src/app/ports.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const describeMoto = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) console.warn(MOTO_MISSING);

const SHARDS = 128;
const OBJECTS = 36;
const JOB = 'sharded-listing';
const keyOf = (i: number) => `listing/object-${String(i).padStart(3, '0')}`;

describeMoto('listing a job over its index shards (DynamoDB on moto)', () => {
  let moto: MotoServer;
  let client: DynamoDBClient;
  let store: DynamoTrackerStore;
  let objectsTable: string;

  beforeAll(async () => {
    moto = await startMoto();
    const names = await createServiceTables(serviceDir, moto.endpoint, `l${Date.now()}`);
    objectsTable = names['ObjectsTable'] as string;
    client = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    store = new DynamoTrackerStore({ client, tables: { objects: objectsTable, eventLog: names['EventLogTable'] as string, progress: names['ProgressTable'] as string } });
    await store.startJob({ jobId: JOB, batchJobId: 'b', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: SHARDS });
    await store.registerObjects(JOB, Array.from({ length: OBJECTS }, (_, i) => ({ line: i + 1, bucket: 'archive', key: keyOf(i) })));
    // i % 3: 0 stays registered, 1 restoring, 2 restored.
    const events: ObjectEvent[] = Array.from({ length: OBJECTS }, (_, i) => i)
      .filter((i) => i % 3 !== 0)
      .map((i) => {
        const ref = { bucket: 'archive', key: keyOf(i) };
        return { jobId: JOB, object: ref, tracked: ref, type: i % 3 === 1 ? 'RestoreInitiated' : 'RestoreCompleted', eventId: `e${i}`, at: '2030-01-02T00:00:00.000Z', source: 's3' };
      });
    await store.record(events);
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await moto?.stop();
  });

  async function walk(limit: number, state?: TrackedObject['state']): Promise<TrackedObject[][]> {
    const pages: TrackedObject[][] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listObjects(JOB, { limit, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) });
      pages.push(page.objects);
      cursor = page.cursor;
    } while (cursor && pages.length < 100);
    return pages;
  }

  it('spreads the objects over many index keys', async () => {
    const keys = new Set<string>();
    for (let k = 0; k < SHARDS; k++) {
      const out = await client.send(
        new QueryCommand({ TableName: objectsTable, IndexName: 'GSI1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': { S: `JOB#${JOB}#${k}` } }, Select: 'COUNT' }),
      );
      if ((out.Count ?? 0) > 0) keys.add(String(k));
    }
    // 36 objects over 128 keys: 31.5 distinct keys expected; a single key would be 1.
    expect(keys.size).toBeGreaterThan(20);
  });

  it('pages through every object once, by state, in the order of one big page', async () => {
    const all = (await store.listObjects(JOB, { limit: 1000 })).objects;
    expect(all).toHaveLength(OBJECTS);
    expect(all.map((o) => o.state)).toEqual([...Array(12).fill('registered'), ...Array(12).fill('restored'), ...Array(12).fill('restoring')]);

    const pages = await walk(5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 1]);
    expect(pages.flat().map((o) => o.ref.key)).toEqual(all.map((o) => o.ref.key));

    const restored = await walk(4, 'restored');
    expect(restored.map((p) => p.length)).toEqual([4, 4, 4]);
    expect(restored.flat().map((o) => o.ref.key)).toEqual(all.filter((o) => o.state === 'restored').map((o) => o.ref.key));
  });

  it('refuses a cursor whose index shard the job does not have', async () => {
    const cursor = (await store.listObjects(JOB, { state: 'registered', limit: 1 })).cursor as string;
    const envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after: Record<string, unknown> };
    expect(envelope.after).toEqual({ state: 'registered', indexShard: expect.any(Number), gsi1sk: expect.stringMatching(/^registered#OBJ#/), pk: expect.any(String), sk: expect.any(String) });
    for (const indexShard of [SHARDS, -1, 1.5, '3']) {
      const forged = Buffer.from(JSON.stringify({ ...envelope, after: { ...envelope.after, indexShard } })).toString('base64url');
      await expect(store.listObjects(JOB, { state: 'registered', limit: 1, cursor: forged })).rejects.toMatchObject({ name: 'ValidationError', code: 'InvalidNextToken' });
    }
  });
});
