/**
 * The NotificationLedger contract on SQLite: a real database file in a temp dir, fresh per suite,
 * opened as the local runner opens it. Plus what only a file store must show: a restart (close,
 * reopen the same file, a new adapter) resumes every claim where it was.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openDatabase } from '@s3-bulk-restore/shared/sqlite';
import { SqliteNotificationLedger } from '../../src/adapters/sqlite/sqlite-notification-ledger.js';
import { notificationLedgerContract } from '../contracts/notification-ledger.contract.js';
import { ManualClock } from '../support/clock.js';
import { finishedNote, newJobId, progressNote, settingsFor } from '../support/fixtures.js';

function tempFile(): { file: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'notifier-ledger-'));
  return { file: path.join(dir, 'runner.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

notificationLedgerContract('SQLite file', async ({ now, leaseMs }) => {
  const { file, remove } = tempFile();
  const db = openDatabase(file);
  return {
    ledger: new SqliteNotificationLedger({ db, now, newId: randomUUID, leaseMs }),
    async cleanup() {
      db.close();
      remove();
    },
  };
});

describe('SqliteNotificationLedger on a file', () => {
  const LEASE_MS = 30_000;
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it('a restart resumes every claim where it was: settings, sent, pending and the last sent threshold', async () => {
    // Arrange: one job with a sent threshold, a pending (crashed) threshold and a pending terminal claim.
    const temp = tempFile();
    remove = temp.remove;
    const clock = new ManualClock();
    const jobId = newJobId();
    const before = openDatabase(temp.file);
    const first = new SqliteNotificationLedger({ db: before, now: clock.now, leaseMs: LEASE_MS });
    await first.saveSettings(settingsFor(jobId, { progressStepPercent: 20 }));
    const sent = await first.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) });
    if (sent.outcome !== 'claimed') throw new Error(`expected a claim, got ${sent.outcome}`);
    await first.markSent(sent.claim);
    expect((await first.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40, 41) })).outcome).toBe('claimed');
    before.close();

    // Act: the runner restarts on the same file.
    const after = openDatabase(temp.file);
    const second = new SqliteNotificationLedger({ db: after, now: clock.now, leaseMs: LEASE_MS });

    // Assert
    try {
      expect(await second.settings(jobId)).toEqual(settingsFor(jobId, { progressStepPercent: 20 }));
      expect(await second.lastSentThreshold(jobId)).toBe(20);
      expect(await second.claimThreshold({ jobId, threshold: 20, notification: progressNote(jobId, 20) })).toEqual({ outcome: 'sent' });
      expect(await second.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40, 45) })).toEqual({ outcome: 'in-progress' });
      clock.advance(LEASE_MS + 1);
      const resumed = await second.claimThreshold({ jobId, threshold: 40, notification: progressNote(jobId, 40, 45) });
      expect(resumed).toMatchObject({ outcome: 'claimed', claim: { attempt: 2, notification: progressNote(jobId, 40, 41) } });
      expect(await second.claimThreshold({ jobId, threshold: 30, notification: progressNote(jobId, 30) })).toEqual({ outcome: 'superseded' });
      expect((await second.claimTerminal({ jobId, notification: finishedNote(jobId) })).outcome).toBe('claimed');
    } finally {
      after.close();
    }
  });

  it('two connections to one file (two runner processes) never both win a claim', async () => {
    // Arrange
    const temp = tempFile();
    remove = temp.remove;
    const clock = new ManualClock();
    const [dbA, dbB] = [openDatabase(temp.file), openDatabase(temp.file)];
    const a = new SqliteNotificationLedger({ db: dbA, now: clock.now });
    const b = new SqliteNotificationLedger({ db: dbB, now: clock.now });
    const jobId = newJobId();
    await a.saveSettings(settingsFor(jobId));
    await b.saveSettings(settingsFor(jobId, { progressStepPercent: 50 }));

    // Act
    const results = await Promise.all([a, b, a, b].map((ledger) => ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })));

    // Assert
    try {
      expect(results.map((r) => r.outcome).sort()).toEqual(['claimed', 'in-progress', 'in-progress', 'in-progress']);
      expect(await b.settings(jobId)).toEqual(settingsFor(jobId));
    } finally {
      dbA.close();
      dbB.close();
    }
  });

  it('a store failure is a LedgerUnavailable DependencyError, not a raw SQLite error', async () => {
    // Arrange
    const temp = tempFile();
    remove = temp.remove;
    const db = openDatabase(temp.file);
    const ledger = new SqliteNotificationLedger({ db });
    const jobId = newJobId();
    await ledger.saveSettings(settingsFor(jobId));
    db.close();

    // Act + Assert
    await expect(ledger.settings(jobId)).rejects.toMatchObject({ name: 'DependencyError', code: 'LedgerUnavailable' });
    await expect(ledger.claimTerminal({ jobId, notification: finishedNote(jobId) })).rejects.toMatchObject({ code: 'LedgerUnavailable' });
    await expect(ledger.saveSettings(settingsFor(jobId))).rejects.toMatchObject({ code: 'LedgerUnavailable' });
  });
});
