/** RestoreObject, HeadObject and GetObject on archived objects, through the AWS SDK v3 over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketVersioningCommand, PutObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import type { StorageClass } from '@aws-sdk/client-s3';
import { DAY, HOUR, MINUTE, T0, errorOf, testSandbox } from '../support/sandbox.js';
import type { TestSandbox } from '../support/sandbox.js';

let t: TestSandbox;
const Bucket = 'archive';

async function put(Key: string, StorageClass: StorageClass, Body = 'hello archive'): Promise<void> {
  await t.s3.send(new PutObjectCommand({ Bucket, Key, Body, StorageClass }));
}

async function restore(Key: string, RestoreRequest: Record<string, unknown>, VersionId?: string): Promise<number | undefined> {
  const out = await t.s3NoRetry.send(new RestoreObjectCommand({ Bucket, Key, VersionId, RestoreRequest }));
  return out.$metadata.httpStatusCode;
}

const head = (Key: string, VersionId?: string) => t.s3.send(new HeadObjectCommand({ Bucket, Key, VersionId }));

beforeEach(async () => {
  t = await testSandbox();
  await t.s3.send(new CreateBucketCommand({ Bucket }));
});
afterEach(async () => t.close());

describe('archived objects before a restore', () => {
  it('HeadObject reports the storage class and no restore; GetObject is 403 InvalidObjectState with <StorageClass>', async () => {
    await put('cold.bin', 'DEEP_ARCHIVE');
    const h = await head('cold.bin');
    expect(h.StorageClass).toBe('DEEP_ARCHIVE');
    expect(h.Restore).toBeUndefined();
    const err = await errorOf(t.s3.send(new GetObjectCommand({ Bucket, Key: 'cold.bin' })));
    expect(err.name).toBe('InvalidObjectState');
    expect(err.status).toBe(403);
    expect(err.raw['StorageClass']).toBe('DEEP_ARCHIVE');
  });

  it('STANDARD and GLACIER_IR objects are readable and not restorable (403 InvalidObjectState)', async () => {
    await put('hot.txt', 'STANDARD');
    await put('ir.txt', 'GLACIER_IR');
    for (const Key of ['hot.txt', 'ir.txt']) {
      const body = await t.s3.send(new GetObjectCommand({ Bucket, Key }));
      expect(await body.Body?.transformToString()).toBe('hello archive');
      const err = await errorOf(restore(Key, { Days: 1 }));
      expect([err.name, err.status]).toEqual(['InvalidObjectState', 403]);
    }
  });

  it('a missing key is 404 NoSuchKey', async () => {
    const err = await errorOf(restore('nope.bin', { Days: 1 }));
    expect([err.name, err.status]).toEqual(['NoSuchKey', 404]);
  });
});

describe('a restore on the virtual clock', () => {
  it('is 202, in progress, then completes inside its tier window, then expires at 00:00 UTC', async () => {
    await put('a b+c.txt', 'GLACIER');
    expect(await restore('a b+c.txt', { Days: 3, GlacierJobParameters: { Tier: 'Standard' } })).toBe(202);
    expect((await head('a b+c.txt')).Restore).toBe('ongoing-request="true"');
    await expect(t.s3.send(new GetObjectCommand({ Bucket, Key: 'a b+c.txt' }))).rejects.toThrow();

    await t.advance(3 * HOUR - 1); // Standard: 3-5 h
    expect((await head('a b+c.txt')).Restore).toBe('ongoing-request="true"');
    await t.advance(2 * HOUR + 1);
    const restored = await head('a b+c.txt');
    expect(restored.Restore).toMatch(/^ongoing-request="false", expiry-date="[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} 00:00:00 GMT"$/);
    expect(restored.StorageClass).toBe('GLACIER');
    const get = await t.s3.send(new GetObjectCommand({ Bucket, Key: 'a b+c.txt' }));
    expect(get.Restore).toBe(restored.Restore);
    expect(await get.Body?.transformToString()).toBe('hello archive');

    // Completion between 13:30 and 15:30 on 15 Oct + 3 days → expires 19 Oct 00:00 UTC.
    expect(restored.Restore).toContain('expiry-date="Mon, 19 Oct 2026 00:00:00 GMT"');
    const expiresAt = Date.UTC(2026, 9, 19);
    const now = Number((await t.dev('GET', '/_sandbox/clock')).json['nowMs']);
    await t.advance(expiresAt - now - 1);
    expect((await head('a b+c.txt')).Restore).toContain('ongoing-request="false"');
    await t.advance(1);
    expect((await head('a b+c.txt')).Restore).toBeUndefined();
    const err = await errorOf(t.s3.send(new GetObjectCommand({ Bucket, Key: 'a b+c.txt' })));
    expect(err.name).toBe('InvalidObjectState');
  });

  it('a second request while in progress is 409 RestoreAlreadyInProgress; a faster tier upgrades it', async () => {
    await put('up.bin', 'GLACIER');
    expect(await restore('up.bin', { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } })).toBe(202);
    const same = await errorOf(restore('up.bin', { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } }));
    expect([same.name, same.status]).toEqual(['RestoreAlreadyInProgress', 409]);
    const slower = await errorOf(restore('up.bin', { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } }));
    expect(slower.name).toBe('RestoreAlreadyInProgress');
    const otherDays = await errorOf(restore('up.bin', { Days: 5, GlacierJobParameters: { Tier: 'Expedited' } }));
    expect(otherDays.name).toBe('RestoreAlreadyInProgress');
    expect(await restore('up.bin', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } })).toBe(202);
    await t.advance(5 * MINUTE); // Expedited: 1-5 minutes, far sooner than Bulk's 5-12 h
    expect((await head('up.bin')).Restore).toContain('ongoing-request="false"');
  });

  it('a request on a restored copy is 200 and moves the expiry, counted from now', async () => {
    await put('ext.bin', 'GLACIER');
    await restore('ext.bin', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } });
    await t.advance(5 * MINUTE);
    expect((await head('ext.bin')).Restore).toContain('expiry-date="Sat, 17 Oct 2026 00:00:00 GMT"');
    expect(await restore('ext.bin', { Days: 10, GlacierJobParameters: { Tier: 'Bulk' } })).toBe(200);
    // Now is 15 Oct ~10:35 + 10 days → 26 Oct 00:00.
    expect((await head('ext.bin')).Restore).toContain('expiry-date="Mon, 26 Oct 2026 00:00:00 GMT"');
    await t.advance(2 * DAY);
    expect((await head('ext.bin')).Restore).toContain('ongoing-request="false"');
  });

  it('Deep Archive rejects Expedited and needs up to 48 h for Bulk', async () => {
    await put('deep.bin', 'DEEP_ARCHIVE');
    const err = await errorOf(restore('deep.bin', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } }));
    expect([err.name, err.status]).toEqual(['InvalidArgument', 400]);
    expect(await restore('deep.bin', { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } })).toBe(202);
    await t.advance(24 * HOUR - 1);
    expect((await head('deep.bin')).Restore).toBe('ongoing-request="true"');
    await t.advance(24 * HOUR + 1);
    expect((await head('deep.bin')).Restore).toContain('ongoing-request="false"');
  });

  it('Days is required for GLACIER (MalformedXML) and rejected for Intelligent-Tiering (InvalidArgument)', async () => {
    await put('g.bin', 'GLACIER');
    const noDays = await errorOf(restore('g.bin', { GlacierJobParameters: { Tier: 'Bulk' } }));
    expect([noDays.name, noDays.status]).toEqual(['MalformedXML', 400]);
    await put('it.bin', 'INTELLIGENT_TIERING');
    expect((await t.dev('POST', '/_sandbox/objects/archive-tier', { bucket: Bucket, key: 'it.bin', tier: 'DEEP_ARCHIVE_ACCESS' })).status).toBe(200);
    const withDays = await errorOf(restore('it.bin', { Days: 1 }));
    expect([withDays.name, withDays.status]).toEqual(['InvalidArgument', 400]);
  });
});

describe('Intelligent-Tiering archive tiers', () => {
  it('report x-amz-archive-status, restore without Days, and return to Frequent Access', async () => {
    await put('it.bin', 'INTELLIGENT_TIERING');
    expect((await head('it.bin')).ArchiveStatus).toBeUndefined();
    await t.dev('POST', '/_sandbox/objects/archive-tier', { bucket: Bucket, key: 'it.bin', tier: 'ARCHIVE_ACCESS' });
    const archived = await head('it.bin');
    expect([archived.StorageClass, archived.ArchiveStatus]).toEqual(['INTELLIGENT_TIERING', 'ARCHIVE_ACCESS']);
    expect((await errorOf(t.s3.send(new GetObjectCommand({ Bucket, Key: 'it.bin' })))).name).toBe('InvalidObjectState');
    expect(await restore('it.bin', {})).toBe(202);
    expect((await head('it.bin')).Restore).toBe('ongoing-request="true"');
    await t.advance(5 * HOUR); // Standard: 3-5 h
    const back = await head('it.bin');
    expect(back.ArchiveStatus).toBeUndefined();
    expect(back.Restore).toBe('ongoing-request="false"');
    expect(await (await t.s3.send(new GetObjectCommand({ Bucket, Key: 'it.bin' }))).Body?.transformToString()).toBe('hello archive');
    const again = await errorOf(restore('it.bin', {}));
    expect(again.name).toBe('InvalidObjectState');
  });
});

describe('versions', () => {
  it('restores the version asked for and reports version ids', async () => {
    await t.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    const v1 = await t.s3.send(new PutObjectCommand({ Bucket, Key: 'v.bin', Body: 'one', StorageClass: 'GLACIER' }));
    const v2 = await t.s3.send(new PutObjectCommand({ Bucket, Key: 'v.bin', Body: 'two', StorageClass: 'GLACIER' }));
    expect(v1.VersionId).toBeDefined();
    expect(v1.VersionId).not.toBe(v2.VersionId);
    expect(await restore('v.bin', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } }, v1.VersionId)).toBe(202);
    await t.advance(5 * MINUTE);
    expect((await head('v.bin', v1.VersionId)).Restore).toContain('ongoing-request="false"');
    expect((await head('v.bin')).Restore).toBeUndefined();
    expect((await head('v.bin', v1.VersionId)).VersionId).toBe(v1.VersionId);
    const old = await t.s3.send(new GetObjectCommand({ Bucket, Key: 'v.bin', VersionId: v1.VersionId }));
    expect(await old.Body?.transformToString()).toBe('one');
  });
});

describe('restore latency', () => {
  it('is deterministic for a seed', async () => {
    const completionTimes = async (seed: number): Promise<string[]> => {
      const s = await testSandbox({ seed });
      try {
        await s.s3.send(new CreateBucketCommand({ Bucket }));
        const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
        for (const Key of keys) {
          await s.s3.send(new PutObjectCommand({ Bucket, Key, Body: 'x', StorageClass: 'GLACIER' }));
          await s.s3.send(new RestoreObjectCommand({ Bucket, Key, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } }));
        }
        const done: string[] = [];
        for (let m = 0; m < 12 * 60 && done.length < keys.length; m += 30) {
          await s.advance(30 * MINUTE);
          for (const Key of keys) {
            if (!done.some((d) => d.startsWith(`${Key}@`)) && (await s.s3.send(new HeadObjectCommand({ Bucket, Key }))).Restore?.includes('false')) {
              done.push(`${Key}@${m}`);
            }
          }
        }
        return done;
      } finally {
        await s.close();
      }
    };
    const a = await completionTimes(5);
    expect(a).toHaveLength(8);
    expect(await completionTimes(5)).toEqual(a);
    expect(await completionTimes(6)).not.toEqual(a);
    // Bulk on Flexible Retrieval: 5-12 h.
    for (const entry of a) expect(Number(entry.split('@')[1])).toBeGreaterThanOrEqual(5 * 60 - 30);
  });
});

describe('injected faults', () => {
  it('answer 503 SlowDown and 503 GlacierExpeditedRetrievalNotAvailable at the configured rates', async () => {
    await put('f.bin', 'GLACIER');
    await t.dev('PUT', '/_sandbox/faults', { restore: { slowDownRate: 1 } });
    expect(await errorOf(restore('f.bin', { Days: 1 }))).toMatchObject({ name: 'SlowDown', status: 503 });
    await t.dev('PUT', '/_sandbox/faults', { restore: { slowDownRate: 0, expeditedUnavailableRate: 1 } });
    expect(await errorOf(restore('f.bin', { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } }))).toMatchObject({
      name: 'GlacierExpeditedRetrievalNotAvailable',
      status: 503,
    });
  });

  it('throttles RestoreObject above the configured requests per second', async () => {
    await t.dev('PUT', '/_sandbox/faults', { restore: { maxRestoreTps: 2 } });
    await put('f.bin', 'GLACIER');
    await put('g.bin', 'GLACIER');
    await put('h.bin', 'GLACIER');
    const outcomes = await Promise.allSettled(['f.bin', 'g.bin', 'h.bin'].map((k) => restore(k, { Days: 1 })));
    const throttled = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.name);
    expect(throttled).toEqual(['ThrottlingException']);
  });

  it('rejects bad fault settings with the field, changing nothing', async () => {
    const r = await t.dev('PUT', '/_sandbox/faults', { restore: { slowDownRate: 0.5 }, events: { dropRate: 2 } });
    expect(r.status).toBe(400);
    expect(r.json['field']).toBe('events.dropRate');
    expect(((await t.dev('GET', '/_sandbox/faults')).json['restore'] as Record<string, number>)['slowDownRate']).toBe(0);
  });
});

it('starts its clock at T0', async () => {
  expect((await t.dev('GET', '/_sandbox/clock')).json['nowMs']).toBe(T0);
});
