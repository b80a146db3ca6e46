import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { recordRestoreEvents } from '../../src/app/record-restore-events.js';
import type { QueueMessage } from '../../src/app/record-restore-events.js';
import { restoreEventId, parseRestoreEvent } from '../../src/app/restore-events.js';
import { s3Event, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

/** A job tracking `entries` (`key` or `key,version`), ready. */
async function trackedJob(deps: TestDeps, jobId: string, entries: string[]): Promise<void> {
  await deps.store.startJob({ jobId, batchJobId: `batch-${jobId}`, createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
  const objects = entries.map((entry, i) => {
    const [key, versionId] = entry.split(',') as [string, string | undefined];
    return { line: i + 1, bucket: 'archive', key, ...(versionId ? { versionId } : {}) };
  });
  await deps.store.registerObjects(jobId, objects);
  await deps.store.markTrackingReady(jobId, { totalObjects: objects.length, manifestLines: objects.length, duplicateLines: 0, at: '2030-01-01T00:00:00.000Z' });
}

let seq = 0;
const message = (body: string): QueueMessage => ({ messageId: `m${++seq}`, body });

describe('reading S3 restore events', () => {
  it('maps detail-types, keeps the key raw and drops the "null" version id', () => {
    expect(parseRestoreEvent(s3Event('Object Restore Initiated', 'archive', 'scans/page 001+a.tif', { versionId: 'null' }))).toMatchObject({
      ref: { bucket: 'archive', key: 'scans/page 001+a.tif' },
      type: 'RestoreInitiated',
    });
    expect(parseRestoreEvent(s3Event('Object Restore Completed', 'archive', 'a%20b', { versionId: 'v9' })).ref).toEqual({ bucket: 'archive', key: 'a%20b', versionId: 'v9' });
    expect(parseRestoreEvent(s3Event('Object Restore Expired', 'archive', 'x')).type).toBe('RestoreExpired');
  });

  it('gives a fact the same id on every delivery, and a different one per job and per fact', () => {
    const fact = parseRestoreEvent(s3Event('Object Restore Completed', 'archive', 'x', { id: 'eventbridge-copy-1' }));
    const copy = parseRestoreEvent(s3Event('Object Restore Completed', 'archive', 'x', { id: 'eventbridge-copy-2' }));
    const later = parseRestoreEvent(s3Event('Object Restore Completed', 'archive', 'x', { time: '2030-02-01T00:00:00Z', requestId: 'REQ2' }));
    expect(restoreEventId('j', fact)).toBe(restoreEventId('j', copy));
    expect(restoreEventId('j', fact)).not.toBe(restoreEventId('k', fact));
    expect(restoreEventId('j', fact)).not.toBe(restoreEventId('j', later));
    expect(restoreEventId('j', fact)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses malformed bodies with a typed error naming the field', () => {
    expect(() => parseRestoreEvent('{not json')).toThrow(expect.objectContaining({ code: 'MalformedJson', details: { field: 'body' } }));
    const noBucket = JSON.parse(s3Event('Object Restore Completed', 'archive', 'x')) as { detail: Record<string, unknown> };
    delete noBucket.detail['bucket'];
    expect(() => parseRestoreEvent(JSON.stringify(noBucket))).toThrow(expect.objectContaining({ code: 'InvalidEvent', details: expect.objectContaining({ field: 'detail.bucket' }) }));
  });
});

describe('recordRestoreEvents', () => {
  it('moves counters once per real transition and announces one JobProgressed per job per batch', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'j', ['a b+c', 'd', 'e', 'f']);
    const batch = [
      message(s3Event('Object Restore Completed', 'archive', 'a b+c')),
      message(s3Event('Object Restore Initiated', 'archive', 'a b+c', { time: '2030-01-01T09:00:00Z' })), // late
      message(s3Event('Object Restore Initiated', 'archive', 'd')),
      message(s3Event('Object Restore Initiated', 'archive', 'd')), // S3 sent it twice
    ];
    const result = await recordRestoreEvents(deps, batch);
    expect(result).toMatchObject({ failedMessageIds: [], transitions: 2, duplicates: 1, progressed: 1, finished: 0 });
    const progressed = deps.bus.ofType('JobProgressed');
    expect(progressed).toHaveLength(1);
    expect(contracts.jobProgressed.is(progressed[0])).toBe(true);
    expect(progressed[0]).toMatchObject({ jobId: 'j', status: 'Restoring', progressPercent: 25, counts: { registered: 2, restoring: 1, restored: 1, requested: 0, available: 0, failed: 0 } });

    // The whole batch redelivered: nothing moves, nothing is announced.
    const again = await recordRestoreEvents(deps, batch);
    expect(again).toMatchObject({ transitions: 0, duplicates: 4, progressed: 0 });
    expect(deps.bus.ofType('JobProgressed')).toHaveLength(1);
  });

  it('ignores events for objects no job waits on, writing nothing', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'j', ['a']);
    const result = await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'stranger')), message(s3Event('Object Restore Completed', 'other-bucket', 'a'))]);
    expect(result).toMatchObject({ failedMessageIds: [], ignored: 2, transitions: 0 });
    expect(deps.store.log.size).toBe(0);
    expect(deps.store.calls['record']).toBeUndefined();
    expect(deps.bus.events).toEqual([]);
  });

  it('matches version ids: a pinned version only by itself', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'v', ['pinned,v1', 'loose']);
    await recordRestoreEvents(deps, [
      message(s3Event('Object Restore Completed', 'archive', 'pinned', { versionId: 'v2' })),
      message(s3Event('Object Restore Completed', 'archive', 'loose', { versionId: 'v7' })),
    ]);
    expect((await deps.store.progress('v'))?.counts).toMatchObject({ registered: 1, restored: 1 });
    await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'pinned', { versionId: 'v1' }))]);
    expect((await deps.store.progress('v'))?.status).toBe('Complete');
  });

  it('finishes a job once when its last object settles: JobFinished, not JobProgressed', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'done', ['a', 'b']);
    await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'a'))]);
    const result = await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'b')), message(s3Event('Object Restore Expired', 'archive', 'a'))]);
    expect(result).toMatchObject({ finished: 1, progressed: 0 });
    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([expect.objectContaining({ jobId: 'done', status: 'Complete', progressPercent: 100, totalObjects: 2 })]);
    expect(contracts.jobFinished.is(finished[0])).toBe(true);
    expect(deps.bus.ofType('JobProgressed').map((p) => p['progressPercent'])).toEqual([50]);
    expect(await deps.store.progress('done')).toMatchObject({ status: 'Complete', finishPublished: true });
    await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'b', { requestId: 'again' }))]);
    expect(deps.bus.ofType('JobFinished')).toHaveLength(1);
  });

  it('completes the job when a batch is redelivered after it recorded the last transition but died before announcing', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'late', ['a']);
    const last = message(s3Event('Object Restore Completed', 'archive', 'a'));
    deps.store.failNext.progress = new Error('the process died after the transaction');
    const first = await recordRestoreEvents(deps, [last]);
    expect(first.failedMessageIds).toEqual([last.messageId]);
    expect(deps.bus.ofType('JobFinished')).toHaveLength(0);
    const redelivered = await recordRestoreEvents(deps, [last]);
    expect(redelivered).toMatchObject({ failedMessageIds: [], transitions: 0, finished: 1 });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'late', status: 'Complete' })]);
  });

  it('announces on redelivery the progress a partly committed attempt never announced', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'partial', ['a', 'b']);
    const first = message(s3Event('Object Restore Completed', 'archive', 'a'));
    deps.store.failNext.progress = new Error('died after the transaction');
    expect((await recordRestoreEvents(deps, [first])).failedMessageIds).toEqual([first.messageId]);
    expect(deps.bus.ofType('JobProgressed')).toHaveLength(0);
    await recordRestoreEvents(deps, [first]);
    expect(deps.bus.ofType('JobProgressed')).toEqual([expect.objectContaining({ jobId: 'partial', progressPercent: 50 })]);
    await recordRestoreEvents(deps, [first]);
    expect(deps.bus.ofType('JobProgressed')).toHaveLength(1);
  });

  it('keeps two jobs sharing an object apart', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'one', ['shared', 'mine']);
    await trackedJob(deps, 'two', ['shared']);
    await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'shared'))]);
    expect(deps.bus.ofType('JobProgressed')).toEqual([expect.objectContaining({ jobId: 'one', progressPercent: 50 })]);
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ jobId: 'two', status: 'Complete' })]);
  });

  it('announces nothing for a job still preparing or already ended', async () => {
    const deps = testDeps();
    await deps.store.startJob({ jobId: 'prep', batchJobId: 'b', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'm', key: 'k', etag: 'e' }, counterShards: 4 });
    await deps.store.registerObjects('prep', [{ line: 1, bucket: 'archive', key: 'p' }]);
    await trackedJob(deps, 'ended', ['p', 'q']);
    await deps.store.finish('ended', { status: 'Cancelled', at: '2030-01-01T00:00:00.000Z' });
    const result = await recordRestoreEvents(deps, [message(s3Event('Object Restore Initiated', 'archive', 'p'))]);
    expect(result.transitions).toBe(2);
    expect(deps.bus.events).toEqual([]);
  });

  it('never publishes a lower percent than one already published', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'floor', ['a', 'b', 'c', 'd']);
    await deps.store.advancePublishedPercent('floor', 50);
    await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'a'))]);
    expect(deps.bus.ofType('JobProgressed').map((p) => p['progressPercent'])).toEqual([50]);
  });

  it('skips the announcement when a concurrent batch published a higher percent in between', async () => {
    const deps = testDeps();
    await trackedJob(deps, 'race', ['a', 'b', 'c', 'd']);
    const progress = deps.store.progress.bind(deps.store);
    // The other batch publishes 75 after this one read its counts (25 %).
    deps.store.progress = async (jobId) => {
      const seen = await progress(jobId);
      await deps.store.advancePublishedPercent(jobId, 75);
      return seen;
    };
    const result = await recordRestoreEvents(deps, [message(s3Event('Object Restore Completed', 'archive', 'a'))]);
    expect(result.progressed).toBe(0);
    expect(deps.bus.ofType('JobProgressed')).toEqual([]);
  });

  describe('partial batch failures', () => {
    it('fails only the malformed messages, with a log line each', async () => {
      const deps = testDeps();
      await trackedJob(deps, 'j', ['a']);
      const good = message(s3Event('Object Restore Initiated', 'archive', 'a'));
      const notJson = message('{"Records": [');
      const wrongShape = message(JSON.stringify({ 'detail-type': 'Object Restore Completed', source: 'aws.s3', time: '2030-01-01T00:00:00Z', detail: { bucket: { name: 'archive' } } }));
      const result = await recordRestoreEvents(deps, [good, notJson, wrongShape]);
      expect(result.failedMessageIds.sort()).toEqual([notJson.messageId, wrongShape.messageId].sort());
      expect(result.transitions).toBe(1);
      expect(deps.logs.filter((l) => l['msg'] === 'malformed restore event').map((l) => (l['error'] as { code: string }).code)).toEqual(['MalformedJson', 'InvalidEvent']);
    });

    it('fails every message that reached the store when recording fails', async () => {
      const deps = testDeps();
      await trackedJob(deps, 'j', ['a', 'b']);
      deps.store.failNext.record = new Error('DynamoDB is throttling');
      const a = message(s3Event('Object Restore Initiated', 'archive', 'a'));
      const b = message(s3Event('Object Restore Initiated', 'archive', 'b'));
      const stranger = message(s3Event('Object Restore Initiated', 'archive', 'nobody'));
      const result = await recordRestoreEvents(deps, [a, b, stranger]);
      expect(result.failedMessageIds.sort()).toEqual([a.messageId, b.messageId].sort());
      // Redelivered, they apply once.
      const retried = await recordRestoreEvents(deps, [a, b]);
      expect(retried).toMatchObject({ failedMessageIds: [], transitions: 2 });
    });

    it('fails the messages of a job whose announcement could not be published, not the others', async () => {
      const deps = testDeps();
      await trackedJob(deps, 'up', ['a', 'x']);
      await trackedJob(deps, 'down', ['b', 'y']);
      deps.bus.failJobs.add('down');
      const a = message(s3Event('Object Restore Initiated', 'archive', 'a'));
      const b = message(s3Event('Object Restore Initiated', 'archive', 'b'));
      const result = await recordRestoreEvents(deps, [a, b]);
      expect(result.failedMessageIds).toEqual([b.messageId]);
      expect(deps.bus.ofType('JobProgressed').map((p) => p['jobId'])).toEqual(['up']);
    });

    it('fails everything parsed when finding waiting jobs fails', async () => {
      const deps = testDeps();
      deps.store.failNext.findWaiting = new Error('timeout');
      const a = message(s3Event('Object Restore Initiated', 'archive', 'a'));
      expect((await recordRestoreEvents(deps, [a])).failedMessageIds).toEqual([a.messageId]);
    });
  });
});
