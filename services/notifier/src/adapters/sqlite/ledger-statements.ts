/**
 * The ledger's prepared statements, compiled once per connection. Every read is by primary key;
 * every guarded write carries its condition in its WHERE clause (the holder's token, a pending
 * status), like the DynamoDB adapter's condition expressions.
 */
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';

export function ledgerStatements(db: SqliteDatabase) {
  return {
    insertSettings: db.prepare(
      'INSERT INTO notifier_job_settings (job_id, batch_job_id, client_tag, progress_step_percent, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    settings: db.prepare('SELECT * FROM notifier_job_settings WHERE job_id = ?'),
    lastSent: db.prepare('SELECT highest_threshold_sent FROM notifier_job_settings WHERE job_id = ?').pluck(),
    guard: db.prepare('SELECT highest_threshold_claimed, terminal_claimed_at FROM notifier_job_settings WHERE job_id = ?'),
    claim: db.prepare('SELECT claim_status, claim_token, lease_until, attempt, notification_json FROM notifier_claims WHERE job_id = ? AND target = ?'),
    insertClaim: db.prepare(
      `INSERT INTO notifier_claims (job_id, target, threshold, claim_status, claim_token, lease_until, attempt, claimed_at, event_id, notification_json)
       VALUES (?, ?, ?, 'pending', ?, ?, 1, ?, ?, ?)`,
    ),
    guardThreshold: db.prepare('UPDATE notifier_job_settings SET highest_threshold_claimed = ? WHERE job_id = ?'),
    guardTerminal: db.prepare('UPDATE notifier_job_settings SET terminal_claimed_at = ? WHERE job_id = ?'),
    resumeClaim: db.prepare(
      "UPDATE notifier_claims SET claim_token = ?, lease_until = ?, attempt = ? WHERE job_id = ? AND target = ? AND claim_token = ? AND claim_status = 'pending'",
    ),
    markSent: db.prepare(
      "UPDATE notifier_claims SET claim_status = 'sent', sent_at = ? WHERE job_id = ? AND target = ? AND claim_token = ? AND claim_status = 'pending'",
    ),
    raiseLastSent: db.prepare('UPDATE notifier_job_settings SET highest_threshold_sent = max(highest_threshold_sent, ?) WHERE job_id = ?'),
    release: db.prepare(
      "UPDATE notifier_claims SET lease_until = 0 WHERE job_id = ? AND target = ? AND claim_token = ? AND claim_status = 'pending'",
    ),
  };
}
