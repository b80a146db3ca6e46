/**
 * Bad input at the HTTP API, end to end through the gateway: each gets a 4xx with a code and
 * the field or line, and none starts a Batch Operations job (a bad manifest line is found by
 * the tracker: the job fails with the line numbers and its gated Batch job is cancelled,
 * never confirmed, so no object is restored).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { DescribeJobCommand } from '@aws-sdk/client-s3-control';
import { MOTO_MISSING, motoAvailable } from '../../../tools/testing/moto.js';
import { sandboxS3Client, sandboxS3ControlClient } from '../../src/sandbox/clients.js';
import { startE2E } from './harness/index.js';
import type { E2E } from './harness/index.js';
import { HOUR, batchJobCount, forJob, putManifest, seed } from './support.js';

const describeE2E = motoAvailable() ? describe : describe.skip;
if (!motoAvailable()) process.stderr.write(`e2e: ${MOTO_MISSING}\n`);

let e: E2E;
let manifest: { bucket: string; key: string };
beforeAll(async () => {
  if (!motoAvailable()) return;
  e = await startE2E();
  manifest = await seed(e, { bucket: 'archive-bad', count: 5 });
}, 120_000);
afterAll(async () => e?.close());

describeE2E('bad input at the API', () => {
  const good = () => ({ bucket: manifest.bucket, key: manifest.key, tier: 'BULK', expiration_days: 1 });

  it.each([
    ['malformed JSON', '{"bucket": "archive-bad",', 400, 'MalformedJson', 'body'],
    ['a missing field', { key: 'manifests/seed.csv', tier: 'BULK' }, 400, 'InvalidRequest', 'bucket'],
    ['a mistyped field', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'BULK', expiration_days: '5' }, 400, 'InvalidRequest', 'expiration_days'],
    ['an unknown tier', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'FAST' }, 400, 'InvalidRequest', 'tier'],
    ['EXPEDITED', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'EXPEDITED' }, 400, 'TierNotSupported', 'tier'],
    ['expiration_days 0', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'BULK', expiration_days: 0 }, 400, 'InvalidRequest', 'expiration_days'],
    ['expiration_days 3651', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'BULK', expiration_days: 3651 }, 400, 'InvalidRequest', 'expiration_days'],
    ['an unknown field', { bucket: 'archive-bad', key: 'manifests/seed.csv', tier: 'BULK', bukcet: 'x' }, 400, 'InvalidRequest', 'bukcet'],
    ['a manifest that does not exist', { bucket: 'archive-bad', key: 'manifests/nope.csv', tier: 'BULK' }, 400, 'ManifestNotFound', 'key'],
  ] as const)('%s is refused with its status, code and field, and no Batch job starts', async (_label, body, status, code, field) => {
    const before = await batchJobCount(e);
    const res = await e.api('POST', '/create-job', body);
    expect(res.status).toBe(status);
    expect(res.body['error']).toMatchObject({ code, field });
    expect(await batchJobCount(e)).toBe(before);
  });

  it('an empty manifest → 400 EmptyManifest, and no Batch job', async () => {
    await putManifest(e, 'archive-bad', 'manifests/empty.csv', '');
    const before = await batchJobCount(e);
    const res = await e.api('POST', '/create-job', { ...good(), key: 'manifests/empty.csv' });
    expect([res.status, (res.body['error'] as Record<string, unknown>)['code']]).toEqual([400, 'EmptyManifest']);
    expect(await batchJobCount(e)).toBe(before);
  });

  it('no API key → 403 from the gateway', async () => {
    const res = await fetch(`${e.gateway.url}/create-job`, { method: 'POST', body: JSON.stringify(good()) });
    expect(res.status).toBe(403);
  });

  it('an unknown job id → 404 JobNotFound', async () => {
    const res = await e.api('GET', '/jobs/00000000-0000-4000-8000-000000000000');
    expect([res.status, (res.body['error'] as Record<string, unknown>)['code']]).toEqual([404, 'JobNotFound']);
  });

  it('a bad manifest line fails the job with its line number; the Batch job is cancelled and nothing is restored', async () => {
    const lines = [
      'archive-bad,data/object-00000000.bin',
      'archive-bad', // one column
      'archive-bad,data/object-00000001.bin',
      'archive-bad,%zz-bad-escape', // bad URL encoding
      'archive-bad,"data/x"y', // text after a closing quote
      `archive-bad,${'k'.repeat(1025)}`, // a key over S3's 1,024 bytes
      'archive-bad,data/a,v1,extra', // four columns
    ];
    await putManifest(e, 'archive-bad', 'manifests/bad-line.csv', lines.join('\n') + '\n');
    const res = await e.api('POST', '/create-job', { ...good(), key: 'manifests/bad-line.csv' });
    expect(res.status).toBe(202);
    const jobId = res.body['BulkJobId'] as string;
    const batchJobId = (res.body['BatchOperation'] as { JobId: string }).JobId;
    await e.settle();
    await e.advance(2 * HOUR, HOUR);

    const finished = forJob(await e.notifications(), jobId).filter((n) => n['EventType'] === 'Finished');
    expect(finished).toEqual([expect.objectContaining({ Status: 'Failed' })]);
    const job = await e.api('GET', `/jobs/${jobId}`);
    expect(job.body['Status']).toBe('Failed');
    const failures = job.body['Failures'] as Array<{ code: string; line?: number }>;
    expect(failures.map((f) => [f.line, f.code])).toEqual([
      [2, 'WrongColumnCount'],
      [4, 'InvalidKeyEncoding'],
      [5, 'MalformedCsv'],
      [6, 'KeyTooLong'],
      [7, 'WrongColumnCount'],
    ]);

    const control = sandboxS3ControlClient(e.sandbox.endpoint);
    const batch = await control.send(new DescribeJobCommand({ AccountId: e.sandbox.context.accountId, JobId: batchJobId }));
    control.destroy();
    expect(batch.Job?.Status).toBe('Cancelled');
    expect(batch.Job?.ProgressSummary?.NumberOfTasksSucceeded ?? 0).toBe(0);
    const s3 = sandboxS3Client(e.sandbox.endpoint);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'archive-bad', Key: 'data/object-00000001.bin' }));
    s3.destroy();
    expect(head.Restore).toBeUndefined();
  }, 120_000);
});
