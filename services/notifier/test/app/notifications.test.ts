/** The messages the notifier builds are the ones docs/events.md publishes. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import { attributesOf, finishedNotification, progressNotification } from '../../src/app/notifications.js';
import { jobFinished, settingsFor } from '../support/fixtures.js';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/events.md', import.meta.url)), 'utf8');
const examples = (name: string): unknown[] => [...doc.matchAll(/```json (\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === name).map((m) => JSON.parse(m[2]!));

const jobId = '7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10';
const settings = settingsFor(jobId, { batchJobId: 'e3c5b8a0-7d7a-4f43-a0b2-6f3f1b2c9d11', clientTag: 'legal-hold-2026' });

describe('notifications', () => {
  it('builds the documented progress message from the documented JobProgressed', () => {
    const progressed = contracts.jobProgressed.parse(examples('JobProgressed')[0]);
    expect(progressNotification(settings, progressed, 40)).toEqual(examples('Notification')[0]);
  });

  it('builds the documented Complete message from the documented JobFinished', () => {
    const finished = contracts.jobFinished.parse(examples('JobFinished')[0]);
    expect(finishedNotification(settings, finished)).toEqual(examples('Notification')[1]);
  });

  it('carries the reason of a failed job and never says 100 unless Complete', () => {
    const failed = { ...jobFinished(jobId, { status: 'Failed', settled: 100, reason: 'The Batch Operations job failed' }), progressPercent: 100 };
    const note = finishedNotification(settings, failed);
    expect(note).toMatchObject({ Status: 'Failed', ProgressPercent: '99', Reason: 'The Batch Operations job failed', EventId: `${jobId}:finished`, EventType: 'Finished' });
    expect(note).not.toHaveProperty('Threshold');
  });

  it('leaves ClientTag out of the message and the attributes when the job has none', () => {
    const { clientTag: _drop, ...untagged } = settings;
    const note = finishedNotification(untagged, jobFinished(jobId));
    expect(note).not.toHaveProperty('ClientTag');
    expect(attributesOf(note)).toEqual({ JobId: jobId, Status: 'Complete', EventType: 'Finished' });
  });

  it('gives the attributes subscribers filter on', () => {
    const note = finishedNotification(settings, jobFinished(jobId, { status: 'Timeout', settled: 30 }));
    expect(attributesOf(note)).toEqual({ JobId: jobId, Status: 'Timeout', ClientTag: 'legal-hold-2026', EventType: 'Finished' });
  });
});
