import { describe, expect, it } from '@jest/globals';
import { objectId } from '@s3-bulk-restore/shared';
import type { ManifestRangeRequested } from '@s3-bulk-restore/shared';
import { registerManifest, registerManifestRange } from '../../src/app/register-manifest.js';
import { jobCreated, testDeps } from '../fakes/deps.js';
import type { TestDeps } from '../fakes/deps.js';

/** `count` rows `archive,k/<i>`, each 12 to 15 bytes, and the manifest's size. */
function manifest(count: number, row: (i: number) => string = (i) => `archive,k/${i}`): { text: string; size: number } {
  const text = `${Array.from({ length: count }, (_, i) => row(i)).join('\n')}\n`;
  return { text, size: Buffer.byteLength(text) };
}

/** A job over `text`, fanned out in ranges of 64 bytes; the range requests it published. */
async function fannedOut(deps: TestDeps, jobId: string, text: string): Promise<ManifestRangeRequested[]> {
  deps.registrationRangeBytes = 64;
  deps.manifests.put(`${jobId}.csv`, text);
  const job = jobCreated(jobId, { manifest: { bucket: 'manifests', key: `${jobId}.csv`, etag: 'e1', size: Buffer.byteLength(text) } });
  expect(await registerManifest(deps, job)).toEqual({ status: 'Preparing', totalObjects: 0 });
  return deps.bus.ofType('ManifestRangeRequested') as ManifestRangeRequested[];
}

describe('registerManifest, fanned out over byte ranges', () => {
  it('publishes one request per range, on line boundaries with whole-file line numbers, and nothing is ready yet', async () => {
    const deps = testDeps();
    const { text } = manifest(40);
    const requests = await fannedOut(deps, 'fan', text);
    expect(requests.length).toBeGreaterThan(4);
    expect(requests.map((r) => r.range.index)).toEqual(requests.map((_, i) => i));
    expect(new Set(requests.map((r) => r.range.count))).toEqual(new Set([requests.length]));
    for (const [i, r] of requests.entries()) {
      expect(text.slice(0, r.range.start).split('\n').length).toBe(r.range.firstLine);
      expect(r.range.end).toBe(requests[i + 1]?.range.start ?? text.length);
    }
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([]);
    expect(deps.store.calls['registerObjects']).toBeUndefined();
  });

  it('makes the job ready exactly once, when the last range is in, whatever the order and however often ranges run', async () => {
    const deps = testDeps();
    // Lines 7 and 33 name objects an earlier line named: duplicates across ranges.
    const { text } = manifest(40, (i) => (i === 6 ? 'archive,k/2' : i === 32 ? 'archive,k/20' : `archive,k/${i}`));
    const requests = await fannedOut(deps, 'order', text);
    const order = [...requests].reverse();
    for (const request of order.slice(0, -1)) expect((await registerManifestRange(deps, request)).status).toBe('Preparing');
    // A range redelivered before the last one comes in changes nothing.
    await registerManifestRange(deps, order[1]!);
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([]);

    expect(await registerManifestRange(deps, order.at(-1)!)).toEqual({ status: 'Restoring', totalObjects: 38 });
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([expect.objectContaining({ jobId: 'order', totalObjects: 38, manifestLines: 40, duplicateLines: 2 })]);
    // Every range again (a redelivered fan-out): no second JobTrackingReady with other totals, no count twice.
    for (const request of requests) await registerManifestRange(deps, request);
    const ready = deps.bus.ofType('JobTrackingReady');
    expect(new Set(ready.map((r) => JSON.stringify(r))).size).toBe(1);
    expect((await deps.store.progress('order'))?.counts.registered).toBe(38);
    const waiting = await deps.store.findWaiting([{ bucket: 'archive', key: 'k/39' }, { bucket: 'archive', key: 'k/2' }]);
    expect(waiting.get(objectId({ bucket: 'archive', key: 'k/39' }))?.[0]?.line).toBe(40);
    // Ranges ran last to first: the object named by lines 3 and 7 is line 7's (the range that got there first).
    expect(waiting.get(objectId({ bucket: 'archive', key: 'k/2' }))?.[0]?.line).toBe(7);
  });

  it('fails the job once with the bad lines of every range, numbered as in the whole file', async () => {
    const deps = testDeps();
    const { text } = manifest(40, (i) => (i === 3 ? 'archive' : i === 35 ? 'archive,bad%zz' : `archive,k/${i}`));
    const requests = await fannedOut(deps, 'bad', text);
    for (const request of requests) await registerManifestRange(deps, request);
    const finished = deps.bus.ofType('JobFinished');
    expect(finished).toEqual([
      expect.objectContaining({
        status: 'Failed',
        reason: 'The manifest has 2 bad lines',
        failures: [expect.objectContaining({ code: 'WrongColumnCount', line: 4 }), expect.objectContaining({ code: 'InvalidKeyEncoding', line: 36 })],
      }),
    ]);
    expect(deps.bus.ofType('JobTrackingReady')).toEqual([]);
  });

  it('refuses a manifest whose ranges disagree about version ids, at the first line that differs', async () => {
    const deps = testDeps();
    const { text } = manifest(30, (i) => (i < 20 ? `archive,k/${i}` : `archive,k/${i},v${i}`));
    const requests = await fannedOut(deps, 'mixed', text);
    for (const request of requests) await registerManifestRange(deps, request);
    const failures = (deps.bus.ofType('JobFinished')[0] as { failures: Array<{ code: string; line: number }> }).failures;
    expect(failures[0]).toMatchObject({ code: 'MixedVersionIds' });
    expect(failures[0]!.line).toBeGreaterThanOrEqual(21);
    expect(failures[0]!.line).toBeLessThanOrEqual(22);
  });

  it('registers nothing for a range of a job that is no longer preparing', async () => {
    const deps = testDeps();
    const { text } = manifest(40);
    const requests = await fannedOut(deps, 'gone', text);
    await deps.store.finish('gone', { status: 'Cancelled', at: '2030-01-01T00:00:01.000Z' });
    expect(await registerManifestRange(deps, requests[0]!)).toEqual({ status: 'Cancelled', totalObjects: 0 });
    expect(deps.store.calls['registerObjects']).toBeUndefined();
  });

  it('fails the job when the manifest changed before it could be planned', async () => {
    const deps = testDeps();
    deps.registrationRangeBytes = 64;
    const { text, size } = manifest(40);
    deps.manifests.put('changed.csv', text);
    deps.manifests.errors.set('changed.csv', new (await import('@s3-bulk-restore/shared')).DependencyError('ManifestChanged', 'The manifest changed'));
    const result = await registerManifest(deps, jobCreated('changed', { manifest: { bucket: 'manifests', key: 'changed.csv', etag: 'e1', size } }));
    expect(result).toEqual({ status: 'Failed', totalObjects: 0 });
    expect(deps.bus.ofType('JobFinished')).toEqual([expect.objectContaining({ status: 'Failed', failures: [expect.objectContaining({ code: 'ManifestChanged' })] })]);
  });
});
