/**
 * `GET /jobs/{id}/objects` through the real path: an API Gateway REST proxy event → the handler
 * (the shared middy stack) → the use case → the store, over SQLite (the embedded composition the
 * local runner uses) and over DynamoDB on moto (the AWS composition, tables from serverless.yml).
 * The stores are filled through the port; everything the request touches is the deployed code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { compileSchema, errorBodySchema, jobObjectListSchema, objectId } from '@s3-bulk-restore/shared';
import type { ObjectRef } from '@s3-bulk-restore/shared';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';
import { bodyOf, callHttp } from '../../../../tools/testing/lambda-events.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../../tools/testing/moto.js';
import type { MotoServer } from '../../../../tools/testing/moto.js';
import { DynamoTrackerStore } from '../../src/adapters/aws/dynamo/tracker-store.js';
import { SqliteTrackerStore } from '../../src/adapters/sqlite/tracker-store.js';
import { createTrackerApp } from '../../src/app/app.js';
import type { ObjectEvent, TrackerStore } from '../../src/app/ports.js';
import { awsDeps } from '../../src/compose.js';
import { composeEmbedded } from '../../src/compose-embedded.js';
import { readConfig } from '../../src/config.js';
import { createListObjectsHandler } from '../../src/handlers/list-objects.js';
import { tempDatabaseFile } from '../sqlite/temp-database.js';
import type { TempDatabase } from '../sqlite/temp-database.js';
import { RecordingBus } from '../fakes/deps.js';

const serviceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const isList = compileSchema(jobObjectListSchema);
const isError = compileSchema(errorBodySchema);
const BUCKET = 'archive';
const JOB = 'a7f3c2d1-5e4b-4c3a-9d8e-1f2a3b4c5d6e';
const NO_SUCH_KEY = { code: 'NoSuchKey', message: 'The specified key does not exist.' };

/** What a backend gives the suite: the handler as deployed, and the store it reads (to fill it). */
interface Backend {
  handler: ReturnType<typeof createListObjectsHandler>;
  store: TrackerStore;
  cleanup(): Promise<void>;
}

function env(extra: Record<string, string>): Record<string, string> {
  return { OBJECTS_TABLE: 'objects', EVENT_LOG_TABLE: 'event-log', PROGRESS_TABLE: 'progress', EVENT_BUS_NAME: 'bus', ACCOUNT_ID: '123456789012', COUNTER_SHARDS: '4', SWEEP_AFTER_MINUTES: '60', TIMEOUT_MARGIN_HOURS: '12', REGISTRATION_RANGE_KIB: '16384', AWS_REGION: 'us-east-1', ...extra };
}

function listObjectsSuite(name: string, setup: () => Promise<Backend>, options: { skip?: string } = {}): void {
  if (options.skip) {
    describe.skip(`GET /jobs/{id}/objects on ${name}`, () => it.skip(options.skip as string, () => undefined));
    console.warn(options.skip);
    return;
  }
  describe(`GET /jobs/{id}/objects on ${name}`, () => {
    let backend: Backend;
    const get = (id: string, query: Record<string, string> | null = null) =>
      callHttp(backend.handler, { method: 'GET', resource: '/jobs/{id}/objects', path: `/jobs/${encodeURIComponent(id)}/objects`, pathParameters: { id }, query });
    const ref = (key: string, versionId?: string): ObjectRef => (versionId ? { bucket: BUCKET, key, versionId } : { bucket: BUCKET, key });
    const event = (key: string, type: ObjectEvent['type'], seq: number, extra: Partial<ObjectEvent> = {}, versionId?: string): ObjectEvent => ({
      jobId: JOB,
      object: ref(key, versionId),
      tracked: ref(key, versionId),
      type,
      eventId: `${type}-${objectId(ref(key, versionId))}`,
      at: `2030-01-02T00:00:0${seq}.000Z`,
      source: 'report',
      ...extra,
    });

    beforeAll(async () => {
      backend = await setup();
      const { store } = backend;
      await store.startJob({ jobId: JOB, batchJobId: 'batch-1', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'm.csv', etag: 'e1' }, counterShards: 4 });
      await store.registerObjects(JOB, [
        { line: 1, bucket: BUCKET, key: 'photos/red flower.jpg' },
        { line: 2, bucket: BUCKET, key: 'a+b=c.txt' },
        { line: 3, bucket: BUCKET, key: 'ünïcödé/日本語.txt', versionId: 'v1' },
      ]);
      await store.markTrackingReady(JOB, { totalObjects: 3, manifestLines: 3, duplicateLines: 0, at: '2030-01-01T00:01:00.000Z' });
      await store.record([
        event('a+b=c.txt', 'ObjectFailed', 1, { failure: NO_SUCH_KEY }),
        event('ünïcödé/日本語.txt', 'RestoreCompleted', 2, { source: 's3' }, 'v1'),
      ]);
    });
    afterAll(async () => {
      await backend?.cleanup();
    });

    it('200: the failed objects with their reason, keys as stored in S3', async () => {
      const response = await get(JOB, { state: 'failed' });

      expect(response.statusCode).toBe(200);
      const body = bodyOf(response);
      expect(isList(body)).toBe(true);
      expect(body).toEqual({ JobId: JOB, ExpiredObjects: 0, Objects: [{ Bucket: BUCKET, Key: 'a+b=c.txt', State: 'failed', Line: 2, Failure: { Code: 'NoSuchKey', Message: 'The specified key does not exist.' } }] });
    });

    it('200: every object without a state, a page at a time through next_token', async () => {
      const first = bodyOf(await get(JOB, { limit: '2' }));
      const second = bodyOf(await get(JOB, { limit: '2', next_token: String(first['NextToken']) }));

      expect(isList(first) && isList(second)).toBe(true);
      expect(first['Objects']).toHaveLength(2);
      expect(typeof first['NextToken']).toBe('string');
      expect(second['Objects']).toHaveLength(1);
      expect(second['NextToken']).toBeUndefined();
      const objects = [...(first['Objects'] as object[]), ...(second['Objects'] as object[])];
      expect(objects).toEqual(
        expect.arrayContaining([
          { Bucket: BUCKET, Key: 'photos/red flower.jpg', State: 'registered', Line: 1 },
          { Bucket: BUCKET, Key: 'a+b=c.txt', State: 'failed', Line: 2, Failure: { Code: 'NoSuchKey', Message: 'The specified key does not exist.' } },
          { Bucket: BUCKET, Key: 'ünïcödé/日本語.txt', VersionId: 'v1', State: 'restored', Line: 3 },
        ]),
      );
      expect(objects).toHaveLength(3);
    });

    it('200: an empty page for a state no object is in', async () => {
      const response = await get(JOB, { state: 'available' });

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ JobId: JOB, ExpiredObjects: 0, Objects: [] });
    });

    it('gives 100 objects a page unless told otherwise', async () => {
      const jobId = 'b1000000-0000-4000-8000-000000000001';
      await backend.store.startJob({ jobId, batchJobId: 'batch-2', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'm.csv', etag: 'e1' }, counterShards: 4 });
      await backend.store.registerObjects(jobId, Array.from({ length: 101 }, (_, i) => ({ line: i + 1, bucket: BUCKET, key: `k${i}` })));

      const page = bodyOf(await get(jobId));

      expect(page['Objects']).toHaveLength(100);
      expect(page['NextToken']).toEqual(expect.any(String));
      expect(bodyOf(await get(jobId, { next_token: String(page['NextToken']) }))['Objects']).toHaveLength(1);
    });

    it.each<[string, string, Record<string, string> | null, string, string]>([
      ['an unknown state', JOB, { state: 'finished' }, 'InvalidRequest', 'state'],
      ['limit 0', JOB, { limit: '0' }, 'InvalidRequest', 'limit'],
      ['limit 1001', JOB, { limit: '1001' }, 'InvalidRequest', 'limit'],
      ['a limit that is not a number', JOB, { limit: '5x' }, 'InvalidRequest', 'limit'],
      ['a next_token this API did not issue', JOB, { next_token: 'bogus' }, 'InvalidNextToken', 'next_token'],
      ['an unknown parameter', JOB, { status: 'failed' }, 'InvalidRequest', 'status'],
      ['a malformed job id', 'not a job id!', null, 'InvalidJobId', 'id'],
    ])('400 for %s, with the code and the field', async (_label, id, query, code, field) => {
      const response = await get(id, query);

      expect(response.statusCode).toBe(400);
      const body = bodyOf(response);
      expect(isError(body)).toBe(true);
      expect(body.error).toMatchObject({ code, field });
    });

    it('400 for a next_token issued for another state filter', async () => {
      const token = String(bodyOf(await get(JOB, { limit: '1' }))['NextToken']);

      const response = await get(JOB, { limit: '1', state: 'registered', next_token: token });

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response).error).toMatchObject({ code: 'InvalidNextToken', field: 'next_token' });
    });

    it('404 JobNotFound for a job the tracker does not know', async () => {
      const response = await get('7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10', { state: 'failed' });

      expect(response.statusCode).toBe(404);
      const body = bodyOf(response);
      expect(isError(body)).toBe(true);
      expect(body.error).toMatchObject({ code: 'JobNotFound', field: 'id' });
    });
  });
}

listObjectsSuite('SQLite (the embedded composition)', async () => {
  const temp: TempDatabase = tempDatabaseFile();
  const db: SqliteDatabase = openDatabase(temp.file);
  // Endpoints that answer nothing: this route reads the store only.
  const app = composeEmbedded(readConfig(env({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' })), { db, bus: new RecordingBus(), log: () => undefined });
  return {
    handler: createListObjectsHandler(app),
    store: new SqliteTrackerStore({ db }),
    async cleanup() {
      db.close();
      temp.remove();
    },
  };
});

listObjectsSuite(
  'DynamoDB on moto (the AWS composition)',
  async () => {
    const moto: MotoServer = await startMoto();
    const tables = await createServiceTables(serviceDir, moto.endpoint, `h${Date.now()}`);
    const config = readConfig(
      env({ OBJECTS_TABLE: tables['ObjectsTable'] as string, EVENT_LOG_TABLE: tables['EventLogTable'] as string, PROGRESS_TABLE: tables['ProgressTable'] as string, AWS_ENDPOINT_URL: moto.endpoint }),
    );
    const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
    config.aws.credentials = credentials;
    const client = new DynamoDBClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
    return {
      handler: createListObjectsHandler(createTrackerApp(awsDeps(config, { log: () => undefined }))),
      store: new DynamoTrackerStore({ client, tables: config.tables }),
      async cleanup() {
        client.destroy();
        await moto.stop();
      },
    };
  },
  motoAvailable() ? {} : { skip: MOTO_MISSING },
);
