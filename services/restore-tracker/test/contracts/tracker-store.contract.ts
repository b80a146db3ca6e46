/**
 * The TrackerStore contract: one suite, run unchanged against every implementation (DynamoDB on
 * moto, SQLite, the in-memory fake). It assumes nothing about the storage; numbers stay
 * small because moto's transactions cost O(table size) per item.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotFoundError, emptyCounts, objectId } from '@s3-bulk-restore/shared';
import type { ObjectCounts, ObjectEventType, ObjectRef, ObjectState } from '@s3-bulk-restore/shared';
import type { ObjectEvent, RangeReading, TrackedObject, TrackerStore } from '../../src/app/ports.js';

export interface TrackerStoreFixture {
  store: TrackerStore;
  cleanup(): Promise<void>;
  /** Requests the store has sent to its backend so far, when it can tell (checks O(1) reads). */
  requestCount?: () => number;
}

const BUCKET = 'archive-bkt';
let jobSeq = 0;

export function trackerStoreContract(name: string, setup: () => Promise<TrackerStoreFixture>): void {
  describe(`TrackerStore contract: ${name}`, () => {
    let f: TrackerStoreFixture;
    let store: TrackerStore;
    beforeAll(async () => {
      f = await setup();
      store = f.store;
    });
    afterAll(async () => {
      await f?.cleanup();
    });

    const ref = (key: string, versionId?: string): ObjectRef => (versionId ? { bucket: BUCKET, key, versionId } : { bucket: BUCKET, key });
    const newJob = async (options: { createdAt?: string; shards?: number } = {}) => {
      const jobId = `job-${process.pid}-${++jobSeq}`;
      const createdAt = options.createdAt ?? `2030-01-01T00:00:${String(jobSeq % 60).padStart(2, '0')}.000Z`;
      await store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt, manifest: { bucket: 'manifests', key: 'm.csv', etag: 'e1' }, counterShards: options.shards ?? 4 });
      return jobId;
    };
    /** A job tracking `keys` (line n+1 each), ready. */
    const readyJob = async (keys: string[], shards = 4) => {
      const jobId = await newJob({ shards });
      const registration = await store.registerObjects(jobId, keys.map((key, i) => ({ line: i + 1, bucket: BUCKET, key })));
      await store.markTrackingReady(jobId, { totalObjects: registration.registered, manifestLines: keys.length, duplicateLines: registration.duplicates, at: '2030-01-01T01:00:00.000Z' });
      return jobId;
    };
    const event = (jobId: string, key: string, type: ObjectEventType, seq: number, extra: Partial<ObjectEvent> = {}): ObjectEvent => ({
      jobId,
      object: ref(key),
      tracked: ref(key),
      type,
      eventId: `${type}-${key}-${seq}`,
      at: `2030-01-02T00:00:${String(seq).padStart(2, '0')}.000Z`,
      source: 's3',
      ...extra,
    });
    const counts = async (jobId: string) => (await store.progress(jobId))?.counts;
    const expected = (c: Partial<ObjectCounts>): ObjectCounts => ({ ...emptyCounts(), ...c });

    describe('jobs', () => {
      it('starts a job once, Preparing, with empty counters', async () => {
        const jobId = await newJob({ createdAt: '2030-01-01T00:00:00.000Z' });
        await expect(store.startJob({ jobId, batchJobId: 'other', createdAt: '2031-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 })).resolves.toBe(false);
        expect(await store.progress(jobId)).toMatchObject({
          jobId,
          status: 'Preparing',
          batchJobId: `batch-${jobId}`,
          createdAt: '2030-01-01T00:00:00.000Z',
          totalObjects: 0,
          counts: emptyCounts(),
          publishedPercent: 0,
          finishPublished: false,
        });
      });

      it('knows no unknown job', async () => {
        expect(await store.progress('no-such-job')).toBeUndefined();
        await expect(store.registerObjects('no-such-job', [{ line: 1, bucket: BUCKET, key: 'a' }])).rejects.toMatchObject({ code: 'JobNotFound' });
        await expect(store.finish('no-such-job', { status: 'Failed', at: '2030-01-01T00:00:00.000Z' })).rejects.toBeInstanceOf(NotFoundError);
      });

      it('marks tracking ready exactly once, with the totals and the registered counter', async () => {
        const jobId = await newJob();
        await store.registerObjects(jobId, [1, 2, 3].map((line) => ({ line, bucket: BUCKET, key: `r${line}` })));
        const ready = { totalObjects: 3, manifestLines: 3, duplicateLines: 0, at: '2030-01-01T01:00:00.000Z' };
        expect(await store.markTrackingReady(jobId, ready)).toBe(true);
        expect(await store.markTrackingReady(jobId, { ...ready, totalObjects: 99 })).toBe(false);
        expect(await store.progress(jobId)).toMatchObject({ status: 'Restoring', totalObjects: 3, counts: expected({ registered: 3 }), ready });
      });

      it('raises the published percent, never lowers it', async () => {
        const jobId = await readyJob(['p1']);
        expect(await store.advancePublishedPercent(jobId, 10)).toBe(true);
        expect(await store.advancePublishedPercent(jobId, 30)).toBe(true);
        expect(await store.advancePublishedPercent(jobId, 20)).toBe(false);
        expect(await store.advancePublishedPercent(jobId, 30)).toBe(true);
        expect((await store.progress(jobId))?.publishedPercent).toBe(30);
      });
    });

    describe('registration', () => {
      it('registers one item per object, duplicate lines once, and a retried registration counts the same', async () => {
        const jobId = await newJob();
        const entries = [
          { line: 1, bucket: BUCKET, key: 'a' },
          { line: 2, bucket: BUCKET, key: 'b' },
          { line: 3, bucket: BUCKET, key: 'a' },
          { line: 4, bucket: BUCKET, key: 'a', versionId: 'v1' },
          { line: 5, bucket: BUCKET, key: 'c d+e' },
        ];
        expect(await store.registerObjects(jobId, entries)).toEqual({ registered: 4, duplicates: 1 });
        // A later chunk naming an object again is a duplicate too.
        expect(await store.registerObjects(jobId, [{ line: 6, bucket: BUCKET, key: 'b' }])).toEqual({ registered: 0, duplicates: 1 });
        // The same chunk again (a redelivered JobCreated): its own lines count as registered.
        expect(await store.registerObjects(jobId, entries)).toEqual({ registered: 4, duplicates: 1 });
        const waiting = await store.findWaiting([ref('a'), ref('c d+e')]);
        expect(waiting.get(objectId(ref('a')))).toEqual([expect.objectContaining({ jobId, ref: ref('a'), state: 'registered', line: 1 })]);
        expect(waiting.get(objectId(ref('c d+e')))?.[0]?.line).toBe(5);
      });
    });

    describe('registration ranges', () => {
      const reading = (objectLines: number, extra: Partial<RangeReading> = {}): RangeReading => ({ objectLines, registered: objectLines, duplicates: 0, badLines: [], tooManyBadLines: false, ...extra });

      it('returns every reading, in range order, once the last range is in; a repeated range keeps its first reading', async () => {
        const jobId = await newJob();
        expect(await store.completeRange(jobId, { index: 2, count: 3 }, reading(30))).toBeUndefined();
        expect(await store.completeRange(jobId, { index: 0, count: 3 }, reading(10, { withVersionIds: false, firstObjectLine: 1 }))).toBeUndefined();
        expect(await store.completeRange(jobId, { index: 2, count: 3 }, reading(999))).toBeUndefined();
        const all = await store.completeRange(jobId, { index: 1, count: 3 }, reading(20, { badLines: [{ code: 'WrongColumnCount', message: 'one field', line: 14 }], unreadable: { code: 'ManifestChanged', message: 'changed' } }));
        expect(all).toEqual([
          reading(10, { withVersionIds: false, firstObjectLine: 1 }),
          reading(20, { badLines: [{ code: 'WrongColumnCount', message: 'one field', line: 14 }], unreadable: { code: 'ManifestChanged', message: 'changed' } }),
          reading(30),
        ]);
        // A redelivered range after the last one: all readings again, unchanged.
        expect(await store.completeRange(jobId, { index: 0, count: 3 }, reading(0))).toEqual(all);
      });

      it('keeps the readings of different jobs apart, and refuses an unknown job', async () => {
        const a = await newJob();
        const b = await newJob();
        expect(await store.completeRange(a, { index: 0, count: 2 }, reading(1))).toBeUndefined();
        expect(await store.completeRange(b, { index: 1, count: 2 }, reading(2))).toBeUndefined();
        expect(await store.completeRange(a, { index: 1, count: 2 }, reading(3))).toEqual([reading(1), reading(3)]);
        await expect(store.completeRange('no-such-job', { index: 0, count: 1 }, reading(1))).rejects.toMatchObject({ code: 'JobNotFound' });
      });
    });

    describe('finding waiting jobs', () => {
      it('matches versions: none matches any version, one only itself', async () => {
        const jobId = await newJob();
        await store.registerObjects(jobId, [
          { line: 1, bucket: BUCKET, key: 'any' },
          { line: 2, bucket: BUCKET, key: 'pinned', versionId: 'v1' },
        ]);
        const asked = [ref('any', 'x'), ref('any'), ref('pinned', 'v1'), ref('pinned', 'v2'), ref('pinned'), ref('nobody')];
        const waiting = await store.findWaiting(asked);
        const jobsOf = (r: ObjectRef) => (waiting.get(objectId(r)) ?? []).filter((t) => t.jobId === jobId).map((t) => t.ref);
        expect(jobsOf(ref('any', 'x'))).toEqual([ref('any')]);
        expect(jobsOf(ref('any'))).toEqual([ref('any')]);
        expect(jobsOf(ref('pinned', 'v1'))).toEqual([ref('pinned', 'v1')]);
        expect(jobsOf(ref('pinned', 'v2'))).toEqual([]);
        expect(jobsOf(ref('pinned'))).toEqual([]);
        expect(waiting.has(objectId(ref('nobody')))).toBe(false);
      });

      it('finds every job waiting on a shared object', async () => {
        const first = await readyJob(['shared-find']);
        const second = await readyJob(['shared-find']);
        const found = (await store.findWaiting([ref('shared-find')])).get(objectId(ref('shared-find'))) ?? [];
        expect(found.map((t) => t.jobId).sort()).toEqual([first, second].sort());
      });
    });

    describe('recording events', () => {
      it('moves counters exactly once under duplicated, reordered and redelivered events', async () => {
        const jobId = await readyJob(['a', 'b', 'c']);
        const batch = [
          event(jobId, 'a', 'RestoreCompleted', 2),
          event(jobId, 'a', 'RestoreInitiated', 1), // Initiated arrives after Completed
          event(jobId, 'b', 'RestoreInitiated', 1),
          event(jobId, 'b', 'RestoreInitiated', 1), // the same event twice in one batch
        ];
        const first = await store.record(batch);
        expect({ logged: first.logged, duplicates: first.duplicates }).toEqual({ logged: 3, duplicates: 1 });
        expect(first.transitions.map(({ objectId: id, from, to }) => ({ id, from, to })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [
            { id: objectId(ref('a')), from: 'registered', to: 'restored' },
            { id: objectId(ref('b')), from: 'registered', to: 'restoring' },
          ].sort((x, y) => x.id.localeCompare(y.id)),
        );
        expect(await counts(jobId)).toEqual(expected({ registered: 1, restoring: 1, restored: 1 }));

        const redelivered = await store.record(batch);
        expect(redelivered).toEqual({ transitions: [], logged: 0, duplicates: 4 });
        expect(await counts(jobId)).toEqual(expected({ registered: 1, restoring: 1, restored: 1 }));

        const later = await store.record([event(jobId, 'b', 'RestoreCompleted', 3), event(jobId, 'a', 'RestoreExpired', 9)]);
        expect(later.logged).toBe(2);
        expect(later.transitions.map((t) => [t.from, t.to])).toEqual([['restoring', 'restored']]);
        expect(await counts(jobId)).toEqual(expected({ registered: 1, restored: 2 }));
      });

      it('keeps each restored copy\'s expiry and counts the objects whose copy expired, once, whatever the order', async () => {
        const jobId = await readyJob(['x1', 'x2', 'x3']);
        const tracked = async (key: string) => (await store.findWaiting([ref(key)])).get(objectId(ref(key)))?.find((t) => t.jobId === jobId);
        const expiredOf = async () => (await store.progress(jobId))?.expired;
        const completed = (key: string, seq: number, expiresAt: string) => event(jobId, key, 'RestoreCompleted', seq, { eventId: `c-${key}-${seq}`, expiresAt });
        const expiredEvent = (key: string, at: string) => event(jobId, key, 'RestoreExpired', 0, { eventId: `x-${key}-${at}`, at });
        await store.record([completed('x1', 1, '2030-01-04T00:00:00.000Z'), completed('x2', 2, '2030-01-04T00:00:00.000Z')]);
        expect(await tracked('x1')).toMatchObject({ state: 'restored', expiresAt: '2030-01-04T00:00:00.000Z' });
        expect((await tracked('x1'))?.expiredAt).toBeUndefined();
        expect(await expiredOf()).toBe(0);

        // x1 expires (twice delivered); x3 is not restored, so its expiry event counts nothing.
        await store.record([expiredEvent('x1', '2030-01-04T00:10:00.000Z'), expiredEvent('x1', '2030-01-04T00:10:00.000Z'), expiredEvent('x3', '2030-01-04T00:10:00.000Z')]);
        await store.record([expiredEvent('x1', '2030-01-04T00:10:00.000Z')]);
        expect(await tracked('x1')).toMatchObject({ state: 'restored', expiresAt: '2030-01-04T00:00:00.000Z', expiredAt: '2030-01-04T00:10:00.000Z' });
        expect(await expiredOf()).toBe(1);
        expect(await counts(jobId)).toEqual(expected({ registered: 1, restored: 2 }));

        // x1 restored again (a new copy), then the old copy's expiry arrives late for x2's new copy: nothing.
        await store.record([completed('x1', 3, '2030-01-09T00:00:00.000Z'), completed('x2', 4, '2030-01-09T00:00:00.000Z')]);
        expect(await tracked('x1')).toMatchObject({ expiresAt: '2030-01-09T00:00:00.000Z' });
        expect((await tracked('x1'))?.expiredAt).toBeUndefined();
        expect(await expiredOf()).toBe(0);
        await store.record([expiredEvent('x2', '2030-01-04T00:10:00.000Z')]);
        expect((await tracked('x2'))?.expiredAt).toBeUndefined();
        expect(await expiredOf()).toBe(0);
        await store.record([expiredEvent('x2', '2030-01-09T00:05:00.000Z')]);
        expect(await expiredOf()).toBe(1);
        const page = await store.listObjects(jobId, { state: 'restored', limit: 10 });
        expect(page.objects.map((o) => [o.ref.key, o.expiresAt, o.expiredAt ?? null]).sort()).toEqual([
          ['x1', '2030-01-09T00:00:00.000Z', null],
          ['x2', '2030-01-09T00:00:00.000Z', '2030-01-09T00:05:00.000Z'],
        ]);
      });

      it('counts bytes per state for the objects whose size an event said, once each, moving with their state', async () => {
        const jobId = await readyJob(['s1', 's2', 's3']);
        const bytes = async () => (await store.progress(jobId))?.bytes;
        await store.record([
          event(jobId, 's1', 'RestoreInitiated', 1, { size: 100 }),
          event(jobId, 's2', 'RestoreInitiated', 1, { size: 20 }),
          event(jobId, 's2', 'RestoreCompleted', 2, { size: 20 }),
          event(jobId, 's3', 'RestoreInitiated', 1), // no size: counted nowhere
        ]);
        expect(await bytes()).toEqual(expected({ restoring: 100, restored: 20 }));
        // Redelivered, and s1 completes: its bytes move; s3's size comes with its completion.
        await store.record([event(jobId, 's2', 'RestoreCompleted', 2, { size: 20 }), event(jobId, 's1', 'RestoreCompleted', 3, { size: 100 }), event(jobId, 's3', 'RestoreCompleted', 3, { size: 7 })]);
        expect(await bytes()).toEqual(expected({ restored: 127 }));
        const tracked = (await store.findWaiting([ref('s3')])).get(objectId(ref('s3')))?.find((t) => t.jobId === jobId);
        expect(tracked).toMatchObject({ state: 'restored', size: 7 });
      });

      it('records a failure with its reason, and lets proof of a restore overrule it', async () => {
        const jobId = await readyJob(['f']);
        const failure = { code: 'NoSuchKey', message: 'The object does not exist' };
        await store.record([event(jobId, 'f', 'ObjectFailed', 1, { source: 'report', failure })]);
        expect(await counts(jobId)).toEqual(expected({ failed: 1 }));
        const tracked = (await store.findWaiting([ref('f')])).get(objectId(ref('f')))?.find((t) => t.jobId === jobId);
        expect(tracked).toMatchObject({ state: 'failed', failure });
        const overruled = await store.record([event(jobId, 'f', 'RestoreCompleted', 2)]);
        expect(overruled.transitions.map((t) => [t.from, t.to])).toEqual([['failed', 'restored']]);
        expect(await counts(jobId)).toEqual(expected({ restored: 1 }));
      });

      it('keeps two jobs sharing an object apart', async () => {
        const first = await readyJob(['shared', 'own-1']);
        const second = await readyJob(['shared']);
        const outcome = await store.record([event(first, 'shared', 'RestoreCompleted', 1), event(second, 'shared', 'RestoreCompleted', 1)]);
        expect(outcome.transitions.map((t) => t.jobId).sort()).toEqual([first, second].sort());
        expect(await counts(first)).toEqual(expected({ registered: 1, restored: 1 }));
        expect(await counts(second)).toEqual(expected({ restored: 1 }));
      });

      it('stays exact when two callers record events of one object at once', async () => {
        const jobId = await readyJob(['race', 'calm'], 1);
        const [x, y] = await Promise.all([store.record([event(jobId, 'race', 'RestoreInitiated', 1)]), store.record([event(jobId, 'race', 'RestoreCompleted', 2)])]);
        const moved = [...x.transitions, ...y.transitions];
        expect(moved.length).toBeGreaterThanOrEqual(1);
        expect(await counts(jobId)).toEqual(expected({ registered: 1, restored: 1 }));
      });

      it('ignores events for objects the job does not track', async () => {
        const jobId = await readyJob(['tracked']);
        expect(await store.record([event(jobId, 'untracked', 'RestoreCompleted', 1)])).toEqual({ transitions: [], logged: 0, duplicates: 0 });
        expect(await counts(jobId)).toEqual(expected({ registered: 1 }));
      });
    });

    describe('finishing', () => {
      it('lets exactly one of several concurrent finishes win', async () => {
        const jobId = await readyJob(['fin']);
        const statuses = ['Complete', 'Failed', 'Cancelled', 'Complete', 'Timeout'] as const;
        const results = await Promise.all(statuses.map((status, i) => store.finish(jobId, { status, reason: `try ${i}`, at: '2030-01-03T00:00:00.000Z' })));
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        const job = await store.progress(jobId);
        expect(job).toMatchObject({ status: statuses[winner], outcome: { status: statuses[winner], reason: `try ${winner}` }, finishPublished: false });
        expect(await store.finish(jobId, { status: 'Failed', at: '2030-01-04T00:00:00.000Z' })).toBe(false);
      });

      it('keeps failures on the outcome', async () => {
        const jobId = await newJob();
        const failures = [{ code: 'WrongColumnCount', message: 'expected 2 or 3 columns', line: 17 }];
        expect(await store.finish(jobId, { status: 'Failed', reason: 'The manifest has 1 bad line', failures, at: '2030-01-03T00:00:00.000Z' })).toBe(true);
        expect((await store.progress(jobId))?.outcome).toEqual({ status: 'Failed', reason: 'The manifest has 1 bad line', failures, at: '2030-01-03T00:00:00.000Z' });
        expect(await store.markTrackingReady(jobId, { totalObjects: 0, manifestLines: 0, duplicateLines: 0, at: '2030-01-03T00:00:00.000Z' })).toBe(false);
      });
    });

    describe('the active-job index', () => {
      it('pages through active jobs oldest first, and drops a job once its finish is published', async () => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await newJob({ createdAt: `2099-01-01T00:00:0${i}.000Z` }));
        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.activeJobs({ limit: 2, ...(cursor ? { cursor } : {}) });
          expect(page.jobs.length).toBeLessThanOrEqual(2);
          seen.push(...page.jobs.map((j) => j.jobId));
          cursor = page.cursor;
          pages += 1;
        } while (cursor && pages < 100);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => ids.includes(id))).toEqual(ids);

        await store.recordBatchStatus(ids[0] as string, { status: 'Suspended', at: '2030-01-01T00:00:00.000Z' });
        await store.finish(ids[1] as string, { status: 'Cancelled', at: '2030-01-05T00:00:00.000Z' });
        await store.finish(ids[2] as string, { status: 'Failed', at: '2030-01-05T00:00:00.000Z' });
        await store.confirmFinishPublished(ids[2] as string);
        const all = await allActive(store);
        expect(all.get(ids[0] as string)).toMatchObject({ status: 'Preparing', batchStatus: 'Suspended', batchJobId: `batch-${ids[0]}` });
        expect(all.get(ids[1] as string)).toMatchObject({ status: 'Cancelled', finishedAt: '2030-01-05T00:00:00.000Z' });
        expect(all.has(ids[2] as string)).toBe(false);
        expect((await store.progress(ids[2] as string))?.finishPublished).toBe(true);
        expect((await store.progress(ids[0] as string))?.batchStatus).toBe('Suspended');
      });

      it('keeps the deadline a job started with, in its progress and in the index (none when started without)', async () => {
        const jobId = `job-${process.pid}-${++jobSeq}`;
        const deadline = '2030-01-04T12:00:00.000Z';
        await store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2098-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'm.csv', etag: 'e1' }, counterShards: 4, deadline });
        const without = await newJob({ createdAt: '2098-01-01T00:00:01.000Z' });
        expect((await store.progress(jobId))?.deadline).toBe(deadline);
        expect((await store.progress(without))?.deadline).toBeUndefined();
        const all = await allActive(store);
        expect(all.get(jobId)?.deadline).toBe(deadline);
        expect(all.get(without)).not.toHaveProperty('deadline');
        // A redelivered JobCreated computes the same deadline, and cannot move it anyway.
        await store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2098-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'm.csv', etag: 'e1' }, counterShards: 4, deadline: '2031-01-01T00:00:00.000Z' });
        expect((await store.progress(jobId))?.deadline).toBe(deadline);
      });
    });

    describe('progress reads', () => {
      it('cost the same whatever the number of objects and events', async () => {
        if (!f.requestCount) return;
        const small = await readyJob(['o-0']);
        const keys = Array.from({ length: 12 }, (_, i) => `o-${i}`);
        const big = await readyJob(keys);
        await store.record(keys.map((key, i) => event(big, key, i % 2 ? 'RestoreCompleted' : 'RestoreInitiated', i)));
        const cost = async (jobId: string) => {
          const before = f.requestCount?.() ?? 0;
          await store.progress(jobId);
          return (f.requestCount?.() ?? 0) - before;
        };
        expect(await cost(big)).toBe(await cost(small));
        expect(await counts(big)).toEqual(expected({ restoring: 6, restored: 6 }));
      });
    });

    describe('listing a job\'s objects', () => {
      const keysOf = (objects: TrackedObject[]) => objects.map((o) => `${o.ref.key}${o.ref.versionId ? `@${o.ref.versionId}` : ''}`).sort();

      it('lists by state, failed objects with their failure, and every object without a state', async () => {
        const jobId = await newJob();
        await store.registerObjects(jobId, [
          { line: 1, bucket: BUCKET, key: 'l-restored' },
          { line: 2, bucket: BUCKET, key: 'l-failed' },
          { line: 3, bucket: BUCKET, key: 'l-restoring' },
          { line: 4, bucket: BUCKET, key: 'l-registered' },
          { line: 5, bucket: BUCKET, key: 'l-registered', versionId: 'v1' },
          { line: 6, bucket: BUCKET, key: 'l-overruled' },
        ]);
        const failure = { code: 'NoSuchKey', message: 'The specified key does not exist.', line: 2 };
        await store.record([
          event(jobId, 'l-restored', 'RestoreCompleted', 1),
          event(jobId, 'l-failed', 'ObjectFailed', 2, { source: 'report', failure }),
          event(jobId, 'l-restoring', 'RestoreInitiated', 3),
          event(jobId, 'l-overruled', 'ObjectFailed', 4, { source: 'report', failure: { code: 'InternalError', message: 'try again' } }),
        ]);
        await store.record([event(jobId, 'l-overruled', 'RestoreCompleted', 5)]);

        expect(await store.listObjects(jobId, { state: 'failed', limit: 10 })).toEqual({
          objects: [{ jobId, ref: ref('l-failed'), state: 'failed', shard: expect.any(Number), line: 2, failure }],
        });
        const restored = await store.listObjects(jobId, { state: 'restored', limit: 10 });
        expect(keysOf(restored.objects)).toEqual(['l-overruled', 'l-restored']);
        // A failure overruled by a completed restore is no longer the object's.
        expect(restored.objects.every((o) => o.state === 'restored' && o.failure === undefined)).toBe(true);
        const registered = await store.listObjects(jobId, { state: 'registered', limit: 10 });
        expect(keysOf(registered.objects)).toEqual(['l-registered', 'l-registered@v1']);
        expect(registered.objects.map((o) => o.line).sort()).toEqual([4, 5]);
        expect(await store.listObjects(jobId, { state: 'available', limit: 10 })).toEqual({ objects: [] });

        const all = await store.listObjects(jobId, { limit: 10 });
        expect(all.cursor).toBeUndefined();
        expect(keysOf(all.objects)).toEqual(['l-failed', 'l-overruled', 'l-registered', 'l-registered@v1', 'l-restored', 'l-restoring']);
        // By state, in the byte order of the state names.
        const states = all.objects.map((o) => o.state);
        expect(states).toEqual([...states].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      });

      it('pages with no object twice and none left out, in the same order every time, and no cursor after the last page', async () => {
        const keys = Array.from({ length: 7 }, (_, i) => `page-${i}`);
        const jobId = await readyJob(keys);
        await store.record([event(jobId, 'page-1', 'RestoreCompleted', 1), event(jobId, 'page-4', 'RestoreCompleted', 2), event(jobId, 'page-5', 'RestoreInitiated', 3)]);
        const pages = async (state?: ObjectState) => {
          const out: TrackedObject[][] = [];
          let cursor: string | undefined;
          do {
            const page = await store.listObjects(jobId, { limit: 2, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) });
            out.push(page.objects);
            cursor = page.cursor;
          } while (cursor && out.length < 20);
          return out;
        };

        const everything = await pages();
        expect(everything.map((p) => p.length)).toEqual([2, 2, 2, 1]);
        const paged = everything.flat().map((o) => o.ref.key);
        expect(paged).toEqual((await store.listObjects(jobId, { limit: 1000 })).objects.map((o) => o.ref.key));
        expect([...paged].sort()).toEqual(keys);

        // Four registered objects in pages of two: exactly two pages, the second without a cursor.
        const registered = await pages('registered');
        expect(registered.map((p) => p.length)).toEqual([2, 2]);
        expect(keysOf(registered.flat())).toEqual(['page-0', 'page-2', 'page-3', 'page-6']);
      });

      it('refuses a cursor it did not issue, or issued for another job or state', async () => {
        const jobId = await readyJob(['c-1', 'c-2']);
        const other = await readyJob(['c-1', 'c-2']);
        const cursor = (await store.listObjects(jobId, { state: 'registered', limit: 1 })).cursor as string;
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        const bad = [
          'not a cursor!',
          Buffer.from('{"v":1}').toString('base64url'),
          Buffer.from(JSON.stringify({ v: 1, job: jobId, state: 'registered', after: { nothing: 'here' } })).toString('base64url'),
        ];
        for (const token of bad) {
          await expect(store.listObjects(jobId, { state: 'registered', limit: 1, cursor: token })).rejects.toMatchObject({ name: 'ValidationError', code: 'InvalidNextToken', details: { field: 'next_token' } });
        }
        await expect(store.listObjects(jobId, { limit: 1, cursor })).rejects.toMatchObject({ code: 'InvalidNextToken' });
        await expect(store.listObjects(jobId, { state: 'failed', limit: 1, cursor })).rejects.toMatchObject({ code: 'InvalidNextToken' });
        await expect(store.listObjects(other, { state: 'registered', limit: 1, cursor })).rejects.toMatchObject({ code: 'InvalidNextToken' });
        expect((await store.listObjects(jobId, { state: 'registered', limit: 1, cursor })).objects).toHaveLength(1);
      });

      it('has no objects for an unknown job', async () => {
        expect(await store.listObjects('no-such-job', { limit: 10 })).toEqual({ objects: [] });
        expect(await store.listObjects('no-such-job', { state: 'failed', limit: 10 })).toEqual({ objects: [] });
      });
    });
  });
}

async function allActive(store: TrackerStore) {
  const out = new Map<string, Awaited<ReturnType<TrackerStore['activeJobs']>>['jobs'][number]>();
  let cursor: string | undefined;
  do {
    const page = await store.activeJobs({ limit: 50, ...(cursor ? { cursor } : {}) });
    for (const job of page.jobs) out.set(job.jobId, job);
    cursor = page.cursor;
  } while (cursor);
  return out;
}
