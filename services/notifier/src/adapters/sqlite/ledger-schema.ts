/**
 * The notifier's SQLite tables (the local runner's stand-in for NotifierTable) and their mapping
 * to the ledger's domain types.
 *
 * - `notifier_job_settings`: one row per job, its settings plus the claim guard every claim is
 *   decided on (`highest_threshold_claimed`, `terminal_claimed_at`) and the hint
 *   `highest_threshold_sent` (so `lastSentThreshold` is one primary-key read).
 * - `notifier_claims`: one row per job × target (`THRESHOLD#nn` or `TERMINAL`): status, holder
 *   token, lease and the notification it sends, stored as JSON text so a resumed claim sends the
 *   same bytes. The foreign key makes "claims need the job's settings" a constraint as well.
 *
 * Steps are never edited once released: add a new one.
 */
import { contracts } from '@s3-bulk-restore/shared';
import type { ClaimGuard, ClaimRecord } from '../../app/claim-rules.js';
import type { ClaimTarget, JobSettings } from '../../app/ports.js';

export const NOTIFIER_COMPONENT = 'notifier';

export const NOTIFIER_MIGRATIONS: readonly string[] = [
  `CREATE TABLE notifier_job_settings (
     job_id TEXT PRIMARY KEY,
     batch_job_id TEXT NOT NULL,
     client_tag TEXT,
     progress_step_percent INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     highest_threshold_claimed INTEGER NOT NULL DEFAULT 0,
     terminal_claimed_at TEXT,
     highest_threshold_sent INTEGER NOT NULL DEFAULT 0
   ) STRICT`,
  `CREATE TABLE notifier_claims (
     job_id TEXT NOT NULL REFERENCES notifier_job_settings (job_id),
     target TEXT NOT NULL,
     threshold INTEGER,
     claim_status TEXT NOT NULL CHECK (claim_status IN ('pending', 'sent')),
     claim_token TEXT NOT NULL,
     lease_until INTEGER NOT NULL,
     attempt INTEGER NOT NULL,
     claimed_at TEXT NOT NULL,
     sent_at TEXT,
     event_id TEXT NOT NULL,
     notification_json TEXT NOT NULL,
     PRIMARY KEY (job_id, target)
   ) STRICT`,
];

export interface SettingsRow {
  job_id: string;
  batch_job_id: string;
  client_tag: string | null;
  progress_step_percent: number;
  created_at: string;
  highest_threshold_claimed: number;
  terminal_claimed_at: string | null;
  highest_threshold_sent: number;
}

export interface ClaimRow {
  claim_status: string;
  claim_token: string;
  lease_until: number;
  attempt: number;
  notification_json: string;
}

/** Thresholds are 1–99: two digits keep `THRESHOLD#05` before `THRESHOLD#40`, as in DynamoDB. */
export function targetKey(target: ClaimTarget): string {
  return target.kind === 'terminal' ? 'TERMINAL' : `THRESHOLD#${String(target.threshold).padStart(2, '0')}`;
}

export function settingsOf(row: SettingsRow): JobSettings {
  return {
    jobId: row.job_id,
    batchJobId: row.batch_job_id,
    ...(row.client_tag !== null ? { clientTag: row.client_tag } : {}),
    progressStepPercent: row.progress_step_percent,
    createdAt: row.created_at,
  };
}

export function guardOf(row: Pick<SettingsRow, 'highest_threshold_claimed' | 'terminal_claimed_at'>): ClaimGuard {
  return { highestThresholdClaimed: row.highest_threshold_claimed, terminalClaimed: row.terminal_claimed_at !== null };
}

/** A stored claim; the notification is validated again on the way out (it is about to be published). */
export function claimRecordOf(row: ClaimRow): ClaimRecord {
  return {
    status: row.claim_status === 'sent' ? 'sent' : 'pending',
    token: row.claim_token,
    leaseUntil: row.lease_until,
    attempt: row.attempt,
    notification: contracts.notification.parse(JSON.parse(row.notification_json)),
  };
}
