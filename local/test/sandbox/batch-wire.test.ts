/**
 * The S3 Control wire surface below the SDK: the account from the header or the host prefix,
 * S3 Control's error document, and 501 for S3 Control operations the sandbox does not emulate.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { BatchHarness } from './batch-support.js';
import { ACCOUNT, createJob, restoreJob, startBatchSandbox } from './batch-support.js';

interface RawResponse {
  status: number;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('S3 Control wire format', () => {
  let h: BatchHarness;

  beforeAll(async () => {
    h = await startBatchSandbox();
  });

  afterAll(async () => {
    await h.close();
  });

  it('answers without an account with a BadRequestException error document', async () => {
    const res = await send(h.sandbox.port, 'GET', '/v20180820/jobs', {});
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/<ErrorResponse><Error><Code>BadRequestException<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9A-F]+<\/RequestId>/);
  });

  it('rejects an account id that is not 12 digits', async () => {
    const res = await send(h.sandbox.port, 'GET', '/v20180820/jobs', { 'x-amz-account-id': '1234' });
    expect(res.status).toBe(400);
  });

  it('takes the account from the host prefix the SDKs add', async () => {
    const res = await send(h.sandbox.port, 'GET', '/v20180820/jobs', { host: `${ACCOUNT}.localhost:${h.sandbox.port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<ListJobsResult xmlns="http://awss3control.amazonaws.com/doc/2018-08-20/">');
  });

  it.each([
    ['GET', '/v20180820/accesspoint/ap1'],
    ['GET', '/v20180820/jobs/abc/tagging'],
    ['DELETE', '/v20180820/jobs/abc'],
  ])('answers 501 NotImplemented for %s %s', async (method, path) => {
    const res = await send(h.sandbox.port, method, path, { 'x-amz-account-id': ACCOUNT });
    expect(res.status).toBe(501);
    expect(res.body).toContain('<Code>NotImplemented</Code>');
    expect(res.body).toContain('docs/sandbox.md');
  });

  it('lists jobs on the dev API', async () => {
    await h.s3.send(new CreateBucketCommand({ Bucket: 'manifests' }));
    const put = await h.s3.send(new PutObjectCommand({ Bucket: 'manifests', Key: 'm.csv', Body: 'manifests,m.csv\n' }));
    const id = await createJob(h.control, restoreJob('arn:aws:s3:::manifests/m.csv', put.ETag!, { Report: { Enabled: false } }));
    const res = await send(h.sandbox.port, 'GET', '/_sandbox/jobs', {});
    const body = JSON.parse(res.body) as { jobs: Array<{ jobId: string; status: string; nextStep?: { kind: string } }> };
    expect(body.jobs).toEqual([expect.objectContaining({ jobId: id, status: 'New', nextStep: expect.objectContaining({ kind: 'prepare' }) })]);
  });

  it('answers NotFoundException (404) for an unknown job', async () => {
    const res = await send(h.sandbox.port, 'GET', '/v20180820/jobs/no-such-job', { 'x-amz-account-id': ACCOUNT });
    expect(res.status).toBe(404);
    expect(res.body).toContain('<Code>NotFoundException</Code>');
  });
});
