/** Every JSON example in docs/events.md validates against the schema its code block names. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contracts } from './index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/events.md', import.meta.url)), 'utf8');
const blocks = [...doc.matchAll(/```json (\w+)\n([\s\S]*?)```/g)].map((m) => ({ name: m[1]!, json: m[2]! }));
const byName = Object.fromEntries(Object.values(contracts).map((c) => [c.name, c]));

describe('docs/events.md examples', () => {
  it('has examples for every contract it documents', () => {
    expect(new Set(blocks.map((b) => b.name))).toEqual(
      new Set(['Notification', 'JobCreated', 'JobTrackingReady', 'JobProgressed', 'JobFinished', 'JobCancelRequested', 'RestoreJobRequested', 'JobRejected', 'ManifestRangeRequested', 'S3ObjectRestoreEvent', 'CreateJobRequest', 'JobObjectList']),
    );
  });

  it.each(blocks.map((b, i) => [`${i + 1}: ${b.name}`, b] as const))('example %s is valid', (_label, block) => {
    const guard = byName[block.name];
    expect(guard).toBeDefined();
    expect(() => guard!.parse(JSON.parse(block.json))).not.toThrow();
  });
});

describe('contracts reject what they should', () => {
  it('names the offending field', () => {
    expect(() => contracts.createJobBody.parse({ bucket: 'b', key: 'k', tier: 'FAST' })).toThrow(/bucket|tier/);
    let issues: string[] = [];
    try {
      contracts.createJobBody.parse({ bucket: 'my-bucket', key: 'k', tier: 'FAST', extra: 1 });
    } catch (e) {
      issues = (e as { details: { issues: Array<{ field: string }> } }).details.issues.map((i) => i.field);
    }
    expect(issues).toEqual(expect.arrayContaining(['tier', 'extra']));
  });

  it('does not coerce types and applies defaults', () => {
    expect(() => contracts.createJobBody.parse({ bucket: 'my-bucket', key: 'k', tier: 'BULK', expiration_days: '5' })).toThrow(/expiration_days/);
    const body = contracts.createJobBody.parse({ bucket: 'my-bucket', key: 'k', tier: 'BULK' });
    expect(body.progress_step_percent).toBe(10);
  });

  it('checks the objects listing query: a known state, a limit of 1 to 1000 (100 by default), no coercion', () => {
    expect(contracts.listJobObjectsQuery.parse({}).limit).toBe(100);
    expect(() => contracts.listJobObjectsQuery.parse({ state: 'done' })).toThrow(/state/);
    expect(() => contracts.listJobObjectsQuery.parse({ limit: 1001 })).toThrow(/limit/);
    expect(() => contracts.listJobObjectsQuery.parse({ limit: '10' })).toThrow(/limit/);
    expect(contracts.listJobObjectsQuery.parse({ state: 'failed', limit: 1000 })).toEqual({ state: 'failed', limit: 1000 });
  });

  it('takes a RestoreJobRequested detail that is a create-job body, with schemaVersion 1 or none, and nothing else', () => {
    const body = JSON.parse(blocks.find((b) => b.name === 'CreateJobRequest')!.json) as Record<string, unknown>;
    expect(contracts.restoreJobRequested.is(body)).toBe(true);
    expect(contracts.restoreJobRequested.is({ ...body, schemaVersion: 1 })).toBe(true);
    expect(() => contracts.restoreJobRequested.parse({ ...body, schemaVersion: 2 })).toThrow(/schemaVersion/);
    expect(() => contracts.restoreJobRequested.parse({ ...body, jobId: 'x' })).toThrow(/jobId/);
    // The same properties as the HTTP body: a field the HTTP schema refuses is refused here, under the same name.
    expect(() => contracts.restoreJobRequested.parse({ ...body, tier: 'FAST' })).toThrow(expect.objectContaining({ code: 'InvalidRequest', details: expect.objectContaining({ field: 'tier' }) }));
  });

  it('keeps the sample notification fields as strings', () => {
    const base = JSON.parse(blocks.find((b) => b.name === 'Notification')!.json) as Record<string, unknown>;
    expect(() => contracts.notification.parse({ ...base, ProgressPercent: 40 })).toThrow(/ProgressPercent/);
  });
});
