/**
 * {@link NotificationLedger} on SQLite, for the local runner. Each domain step is one
 * `BEGIN IMMEDIATE` transaction: it takes the database's single write lock before reading, so
 * "read the guard and the claim → {@link decideClaim} → write" cannot interleave with another
 * claim, in this process or another one on the same file. That gives what the DynamoDB adapter
 * gets from conditional writes and `TransactWriteItems`: the claim guard and the claim row move
 * together, exactly one of many concurrent claims wins, and only the holder can mark or release.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '@s3-bulk-restore/shared';
import type { Notification } from '@s3-bulk-restore/shared';
import { migrate } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { DEFAULT_CLAIM_LEASE_MS, decideClaim } from '../../app/claim-rules.js';
import type { ClaimRecord } from '../../app/claim-rules.js';
import { settingsNotFound } from '../../app/errors.js';
import type { Claim, ClaimResult, ClaimTarget, JobSettings, NotificationLedger } from '../../app/ports.js';
import { NOTIFIER_COMPONENT, NOTIFIER_MIGRATIONS, claimRecordOf, guardOf, settingsOf, targetKey } from './ledger-schema.js';
import type { ClaimRow, SettingsRow } from './ledger-schema.js';
import { isForeignKeyViolation, isUniqueViolation } from '@s3-bulk-restore/shared/sqlite';
import { ledgerUnavailable } from './sqlite-errors.js';
import { ledgerStatements } from './ledger-statements.js';

export interface SqliteNotificationLedgerOptions {
  /** The runner's one database file, shared with the other services' tables (all prefixed). */
  db: SqliteDatabase;
  now?: () => Date;
  /** New claim tokens (default: random UUIDs). */
  newId?: () => string;
  /** How long a pending claim belongs to its holder (default {@link DEFAULT_CLAIM_LEASE_MS}). */
  leaseMs?: number;
}

export class SqliteNotificationLedger implements NotificationLedger {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly leaseMs: number;
  private readonly sql: ReturnType<typeof ledgerStatements>;
  private readonly claimStep;
  private readonly markSentStep;

  constructor(options: SqliteNotificationLedgerOptions) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
    migrate(options.db, NOTIFIER_COMPONENT, NOTIFIER_MIGRATIONS);
    this.sql = ledgerStatements(options.db);
    this.claimStep = options.db.transaction((jobId: string, target: ClaimTarget, notification: Notification) => this.decideAndWrite(jobId, target, notification));
    this.markSentStep = options.db.transaction((claim: Claim) => this.markSentRows(claim));
  }

  async saveSettings(settings: JobSettings): Promise<void> {
    const { jobId, batchJobId, clientTag, progressStepPercent, createdAt } = settings;
    try {
      this.sql.insertSettings.run(jobId, batchJobId, clientTag ?? null, progressStepPercent, createdAt);
    } catch (error) {
      // The first JobCreated wins; a redelivery must not reset the claim guard kept on this row.
      if (isUniqueViolation(error)) return;
      throw ledgerUnavailable('saveSettings', error);
    }
  }

  async settings(jobId: string): Promise<JobSettings | undefined> {
    const row = this.read('settings', () => this.sql.settings.get(jobId) as SettingsRow | undefined);
    return row ? settingsOf(row) : undefined;
  }

  async lastSentThreshold(jobId: string): Promise<number> {
    return this.read('lastSentThreshold', () => this.sql.lastSent.get(jobId) as number | undefined) ?? 0;
  }

  async claimThreshold(input: { jobId: string; threshold: number; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'threshold', threshold: input.threshold }, input.notification);
  }

  async claimTerminal(input: { jobId: string; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'terminal' }, input.notification);
  }

  async markSent(claim: Claim): Promise<void> {
    this.read('markSent', () => this.markSentStep.immediate(claim));
  }

  async release(claim: Claim): Promise<void> {
    // Not ours any more (taken over, or already sent): nothing changes.
    this.read('release', () => this.sql.release.run(claim.jobId, targetKey(claim.target), claim.token));
  }

  private claim(jobId: string, target: ClaimTarget, notification: Notification): ClaimResult {
    try {
      return this.claimStep.immediate(jobId, target, notification);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      // Constraints the transaction's own reads should have ruled out; answer as DynamoDB's
      // failed conditions would: the settings are gone, or another holder's claim exists.
      if (isForeignKeyViolation(error)) throw settingsNotFound(jobId);
      if (isUniqueViolation(error)) return { outcome: 'in-progress' };
      throw ledgerUnavailable('claim', error);
    }
  }

  /** Runs inside the IMMEDIATE transaction: nothing else writes between the reads and the writes. */
  private decideAndWrite(jobId: string, target: ClaimTarget, notification: Notification): ClaimResult {
    const guardRow = this.sql.guard.get(jobId) as Pick<SettingsRow, 'highest_threshold_claimed' | 'terminal_claimed_at'> | undefined;
    if (!guardRow) throw settingsNotFound(jobId);
    const key = targetKey(target);
    const row = this.sql.claim.get(jobId, key) as ClaimRow | undefined;
    const record = row ? claimRecordOf(row) : undefined;
    const now = this.now();
    const decision = decideClaim({ target, guard: guardOf(guardRow), ...(record ? { record } : {}), now });
    const token = this.newId();
    const leaseUntil = now.getTime() + this.leaseMs;
    if (decision === 'fresh') {
      const threshold = target.kind === 'threshold' ? target.threshold : null;
      this.sql.insertClaim.run(jobId, key, threshold, token, leaseUntil, now.toISOString(), notification.EventId, JSON.stringify(notification));
      if (target.kind === 'threshold') this.sql.guardThreshold.run(target.threshold, jobId);
      else this.sql.guardTerminal.run(now.toISOString(), jobId);
      return { outcome: 'claimed', claim: { jobId, target, token, notification, attempt: 1 } };
    }
    if (decision === 'resume' && record) return this.resume(jobId, target, record, { token, leaseUntil });
    return { outcome: decision === 'resume' ? 'in-progress' : decision };
  }

  /** Take over a pending claim whose lease is over, keeping its stored notification. */
  private resume(jobId: string, target: ClaimTarget, record: ClaimRecord, next: { token: string; leaseUntil: number }): ClaimResult {
    const attempt = record.attempt + 1;
    this.sql.resumeClaim.run(next.token, next.leaseUntil, attempt, jobId, targetKey(target), record.token);
    return { outcome: 'claimed', claim: { jobId, target, token: next.token, notification: record.notification, attempt } };
  }

  /** The claim and the `lastSentThreshold` hint move together (DynamoDB needs two writes for this). */
  private markSentRows(claim: Claim): void {
    const marked = this.sql.markSent.run(this.now().toISOString(), claim.jobId, targetKey(claim.target), claim.token);
    // Not ours any more (taken over after our lease ran out): the new holder records it.
    if (marked.changes === 0 || claim.target.kind !== 'threshold') return;
    this.sql.raiseLastSent.run(claim.target.threshold, claim.jobId);
  }

  /** Run one statement or step; any SQLite failure becomes a `DependencyError` (`LedgerUnavailable`). */
  private read<Output>(operation: string, call: () => Output): Output {
    try {
      return call();
    } catch (error) {
      throw ledgerUnavailable(operation, error);
    }
  }
}
