/** The CreateJob request the adapter builds, and the ids derived from idempotency keys. */
import { describe, expect, it } from '@jest/globals';
import { CLIENT_TAG_TAG, JOB_ID_TAG, createJobInput } from '../../src/adapters/aws/s3-control-batch-operations.js';
import { batchTokenForKey, jobIdForKey } from '../../src/app/idempotency.js';

const base = {
  clientRequestToken: 'a'.repeat(64),
  manifest: { bucket: 'manifests', key: 'jobs/m.csv', etag: 'e1', versionId: 'v7', fields: ['Bucket', 'Key', 'VersionId'] as Array<'Bucket' | 'Key' | 'VersionId'> },
  tier: 'BULK' as const,
  jobId: '7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10',
  reportBucket: 'reports',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  accountId: '123456789012',
};

describe('createJobInput', () => {
  it('tags the job with our job id and the client tag, and pins the manifest version', () => {
    const input = createJobInput({ ...base, expirationDays: 7, clientTag: 'legal-hold 2026' });
    expect(input.Tags).toEqual([
      { Key: JOB_ID_TAG, Value: base.jobId },
      { Key: CLIENT_TAG_TAG, Value: 'legal-hold 2026' },
    ]);
    expect(input.Manifest?.Location).toEqual({ ObjectArn: 'arn:aws:s3:::manifests/jobs/m.csv', ETag: 'e1', ObjectVersionId: 'v7' });
    expect(input.Manifest?.Spec?.Fields).toEqual(['Bucket', 'Key', 'VersionId']);
    expect(input).toMatchObject({ ConfirmationRequired: true, Priority: 10, ClientRequestToken: base.clientRequestToken });
  });

  it('without a client tag or expiration days, neither is sent', () => {
    const input = createJobInput(base);
    expect(input.Tags).toEqual([{ Key: JOB_ID_TAG, Value: base.jobId }]);
    expect(input.Operation?.S3InitiateRestoreObject).toEqual({ GlacierJobTier: 'BULK' });
  });
});

describe('ids derived from an idempotency key', () => {
  it('are stable, UUID-shaped job ids and 64-character tokens, different per stage and per key', () => {
    const id = jobIdForKey('prod', 'k-1');
    expect(id).toBe(jobIdForKey('prod', 'k-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jobIdForKey('dev', 'k-1')).not.toBe(id);
    expect(jobIdForKey('prod', 'k-2')).not.toBe(id);
    const token = batchTokenForKey('prod', 'x'.repeat(255));
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(batchTokenForKey('dev', 'x'.repeat(255))).not.toBe(token);
  });
});
