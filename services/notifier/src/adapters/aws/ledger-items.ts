/**
 * NotifierTable item layout (docs/architecture.md) and its mapping to the ledger's domain types.
 *
 * - `JOB#<jobId>` / `SETTINGS`: the job's settings, plus the claim guard every claim conditions
 *   on: `highestThresholdClaimed`, `terminalClaimedAt`, and the hint `highestThresholdSent`.
 * - `JOB#<jobId>` / `THRESHOLD#<nn>` and `JOB#<jobId>` / `TERMINAL`: one claim each, with its
 *   status, holder token, lease and the notification it sends (stored as the JSON text, so a
 *   resumed claim sends the same bytes).
 */
import { contracts } from '@s3-bulk-restore/shared';
import type { ClaimGuard, ClaimRecord } from '../../app/claim-rules.js';
import type { ClaimTarget, JobSettings } from '../../app/ports.js';

export const SETTINGS_SK = 'SETTINGS';
export const TERMINAL_SK = 'TERMINAL';

export interface Key {
  pk: string;
  sk: string;
}

export function jobPk(jobId: string): string {
  return `JOB#${jobId}`;
}

export function settingsKey(jobId: string): Key {
  return { pk: jobPk(jobId), sk: SETTINGS_SK };
}

/** Thresholds are 1–99: two digits keep `THRESHOLD#05` before `THRESHOLD#40` in sort order. */
export function claimKey(jobId: string, target: ClaimTarget): Key {
  const sk = target.kind === 'terminal' ? TERMINAL_SK : `THRESHOLD#${String(target.threshold).padStart(2, '0')}`;
  return { pk: jobPk(jobId), sk };
}

export function settingsItem(settings: JobSettings): Record<string, unknown> {
  return withoutUndefined({
    ...settingsKey(settings.jobId),
    jobId: settings.jobId,
    batchJobId: settings.batchJobId,
    clientTag: settings.clientTag,
    progressStepPercent: settings.progressStepPercent,
    createdAt: settings.createdAt,
  });
}

export function settingsOf(item: Record<string, unknown>): JobSettings {
  return {
    jobId: String(item['jobId']),
    batchJobId: String(item['batchJobId']),
    ...(typeof item['clientTag'] === 'string' ? { clientTag: item['clientTag'] } : {}),
    progressStepPercent: Number(item['progressStepPercent']),
    createdAt: String(item['createdAt']),
  };
}

export function guardOf(item: Record<string, unknown>): ClaimGuard {
  return {
    highestThresholdClaimed: Number(item['highestThresholdClaimed'] ?? 0),
    terminalClaimed: item['terminalClaimedAt'] !== undefined,
  };
}

export function claimItem(jobId: string, target: ClaimTarget, record: ClaimRecord & { claimedAt: string }): Record<string, unknown> {
  return withoutUndefined({
    ...claimKey(jobId, target),
    jobId,
    threshold: target.kind === 'threshold' ? target.threshold : undefined,
    claimStatus: record.status,
    claimToken: record.token,
    leaseUntil: record.leaseUntil,
    attempt: record.attempt,
    claimedAt: record.claimedAt,
    eventId: record.notification.EventId,
    notificationJson: JSON.stringify(record.notification),
  });
}

/** A stored claim; the notification is validated again on the way out (it is about to be published). */
export function claimRecordOf(item: Record<string, unknown>): ClaimRecord {
  return {
    status: item['claimStatus'] === 'sent' ? 'sent' : 'pending',
    token: String(item['claimToken']),
    leaseUntil: Number(item['leaseUntil'] ?? 0),
    attempt: Number(item['attempt'] ?? 1),
    notification: contracts.notification.parse(JSON.parse(String(item['notificationJson']))),
  };
}

/** DynamoDB refuses undefined attribute values unless the client is told otherwise; don't depend on that. */
function withoutUndefined(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
}
