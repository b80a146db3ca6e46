import { describe, expect, it } from '@jest/globals';
import { DependencyError, contracts, objectId } from '@s3-bulk-restore/shared';
import { registerManifest } from '../../src/app/register-manifest.js';
import { jobCreated, testDeps } from '../fakes/deps.js';

const rows = (keys: string[]) => keys.map((k) => `archive,${encodeURIComponent(k)}`).join('\n') + '\n';

describe('registerManifest', () => {
  it('registers every object, duplicates once, and announces JobTrackingReady with the totals', async () => {
    const deps = testDeps();
    deps.manifests.put('j1.csv', 'archive,a\r\n\r\narchive,b%20c\narchive,a\narchive,d+e\n');
    const result = await registerManifest(deps, jobCreated('j1'));
    expect(result).toEqual({ status: 'Restoring', totalObjects: 3 });
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([
      { schemaVersion: 1, jobId: 'j1', batchJobId: 'batch-j1', totalObjects: 3, manifestLines: 4, duplicateLines: 1, readyAt: '2030-01-01T00:00:00.000Z' },
    ]);
    expect(deps.bus.events[0]).toMatchObject({ source: 's3-bulk-restore.restore-tracker', detailType: 'JobTrackingReady' });
    const waiting = await deps.store.findWaiting([{ bucket: 'archive', key: 'b c' }, { bucket: 'archive', key: 'd e' }]);
    expect(waiting.get(objectId({ bucket: 'archive', key: 'b c' }))?.[0]?.line).toBe(3);
    expect(waiting.get(objectId({ bucket: 'archive', key: 'd e' }))?.[0]?.line).toBe(5);
    expect((await deps.store.progress('j1'))?.counts.registered).toBe(3);
  });

  it('registers in chunks of 100 and counts nothing twice when JobCreated is redelivered', async () => {
    const deps = testDeps();
    deps.manifests.put('big.csv', rows(Array.from({ length: 250 }, (_, i) => `k/${i}`)));
    await registerManifest(deps, jobCreated('big'));
    expect(deps.store.calls['registerObjects']).toBe(3);

    const again = await registerManifest(deps, jobCreated('big'));
    expect(again).toEqual({ status: 'Restoring', totalObjects: 250 });
    const ready = deps.bus.ofType('JobTrackingReady');
    expect(ready).toHaveLength(2);
    expect(ready[1]).toEqual(ready[0]);
    expect((await deps.store.progress('big'))?.counts.registered).toBe(250);
    expect(deps.store.calls['registerObjects']).toBe(3);
  });

  it('finishes a registration that crashed half-way with the right totals', async () => {
    const deps = testDeps();
    deps.manifests.put('crash.csv', rows(Array.from({ length: 150 }, (_, i) => `k/${i % 120}`)));
    deps.store.failNext.markTrackingReady = new Error('the Lambda timed out');
    await expect(registerManifest(deps, jobCreated('crash'))).rejects.toThrow('timed out');
    await registerManifest(deps, jobCreated('crash'));
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([expect.objectContaining({ totalObjects: 120, manifestLines: 150, duplicateLines: 30 })]);
  });

  it('publishes JobTrackingReady again when the first publish was lost', async () => {
    const deps = testDeps();
    deps.manifests.put('lost.csv', rows(['x']));
    deps.bus.failNext = new Error('EventBridge throttled');
    await expect(registerManifest(deps, jobCreated('lost'))).rejects.toThrow('throttled');
    await registerManifest(deps, jobCreated('lost'));
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([expect.objectContaining({ jobId: 'lost', totalObjects: 1 })]);
  });

  it('fails a manifest with bad lines, with their line numbers, and never says TrackingReady', async () => {
    const deps = testDeps();
    deps.manifests.put('bad.csv', 'archive,ok\narchive\narchive,fine\n\narchive,bad%zz\n');
    expect(await registerManifest(deps, jobCreated('bad'))).toEqual({ status: 'Failed', totalObjects: 0 });
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([]);
    const [finished] = deps.bus.ofType('JobFinished');
    expect(contracts.jobFinished.is(finished)).toBe(true);
    expect(finished).toMatchObject({ jobId: 'bad', status: 'Failed', reason: 'The manifest has 2 bad lines', progressPercent: 0, totalObjects: 0 });
    expect((finished as { failures: Array<{ code: string; line: number }> }).failures.map((f) => [f.line, f.code])).toEqual([
      [2, 'WrongColumnCount'],
      [5, 'InvalidKeyEncoding'],
    ]);
    expect(await deps.store.progress('bad')).toMatchObject({ status: 'Failed', finishPublished: true });
    // A redelivery changes nothing and announces nothing more.
    await registerManifest(deps, jobCreated('bad'));
    expect(deps.bus.events).toHaveLength(1);
  });

  it('stops at 100 bad lines and says there were more', async () => {
    const deps = testDeps();
    deps.manifests.put('worse.csv', 'archive\n'.repeat(150));
    await registerManifest(deps, jobCreated('worse'));
    const [finished] = deps.bus.ofType('JobFinished') as Array<{ reason: string; failures: unknown[] }>;
    expect(finished?.reason).toBe('The manifest has more than 100 bad lines');
    expect(finished?.failures).toHaveLength(100);
  });

  it('fails an empty manifest with EmptyManifest', async () => {
    const deps = testDeps();
    deps.manifests.put('empty.csv', '\n\r\n\n');
    await registerManifest(deps, jobCreated('empty'));
    expect(deps.bus.ofType('JobFinished')).toEqual([
      expect.objectContaining({ status: 'Failed', reason: 'The manifest names no objects', failures: [{ code: 'EmptyManifest', message: 'The manifest names no objects' }] }),
    ]);
  });

  it('fails a job whose manifest changed or vanished', async () => {
    const deps = testDeps();
    deps.manifests.errors.set('changed.csv', new DependencyError('ManifestChanged', 'The manifest s3://manifests/changed.csv changed since the job was created'));
    await registerManifest(deps, jobCreated('changed'));
    await registerManifest(deps, jobCreated('vanished'));
    expect(deps.bus.ofType('JobFinished').map((f) => [f['jobId'], (f['failures'] as Array<{ code: string }>)[0]?.code])).toEqual([
      ['changed', 'ManifestChanged'],
      ['vanished', 'ManifestNotFound'],
    ]);
  });

  it('completes at once a job whose objects another job restored while it was preparing', async () => {
    const deps = testDeps();
    deps.manifests.put('early.csv', rows(['shared']));
    await deps.store.startJob({ jobId: 'early', batchJobId: 'batch-early', createdAt: '2030-01-01T00:00:00.000Z', manifest: { bucket: 'manifests', key: 'early.csv', etag: 'e' }, counterShards: 4 });
    await deps.store.registerObjects('early', [{ line: 1, bucket: 'archive', key: 'shared' }]);
    const ref = { bucket: 'archive', key: 'shared' };
    await deps.store.record([{ jobId: 'early', object: ref, tracked: ref, type: 'RestoreCompleted', eventId: 'e1', at: '2030-01-01T00:00:00.000Z', source: 's3' }]);

    expect(await registerManifest(deps, jobCreated('early'))).toEqual({ status: 'Complete', totalObjects: 1 });
    expect(deps.bus.events.map((e) => e.detailType)).toEqual(['JobTrackingReady', 'JobFinished']);
    expect(deps.bus.ofType('JobFinished')[0]).toMatchObject({ status: 'Complete', progressPercent: 100, counts: expect.objectContaining({ restored: 1, registered: 0 }) });
  });
});
