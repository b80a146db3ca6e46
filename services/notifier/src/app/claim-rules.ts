/**
 * The rules every {@link NotificationLedger} applies to decide a claim, whatever the store. An
 * adapter reads (or conditionally writes) the job's claim guard and the claim's record, asks
 * {@link decideClaim}, and then makes the decided step atomic its own way.
 */
import type { Notification } from '@s3-bulk-restore/shared';
import type { ClaimTarget } from './ports.js';

/**
 * How long a pending claim belongs to its holder. Longer than the notifier's function timeout
 * (30 s in serverless.yml), so a holder still sending after its lease ran out cannot exist; and
 * shorter than Lambda's first asynchronous retry (about a minute), so that retry can resume a
 * claim whose holder died.
 */
export const DEFAULT_CLAIM_LEASE_MS = 45_000;

/** Per job: what has been claimed so far. */
export interface ClaimGuard {
  /** Highest threshold ever claimed (sent, pending or abandoned); 0 when none. */
  highestThresholdClaimed: number;
  terminalClaimed: boolean;
}

/** One stored claim (a threshold or the terminal state). */
export interface ClaimRecord {
  status: 'pending' | 'sent';
  token: string;
  /** Epoch milliseconds; a pending claim whose lease has passed may be resumed by anyone. */
  leaseUntil: number;
  notification: Notification;
  attempt: number;
}

/**
 * - `fresh`: write a new pending claim.
 * - `resume`: take over the pending claim (its holder died or released it) and send its stored notification.
 * - `sent`, `superseded`, `in-progress`: see `ClaimResult`.
 */
export type ClaimDecision = 'fresh' | 'resume' | 'sent' | 'superseded' | 'in-progress';

/**
 * Decide a claim from the job's guard and the target's existing record (if any).
 *
 * @example decideClaim({ target: { kind: 'threshold', threshold: 20 }, guard: { highestThresholdClaimed: 40, terminalClaimed: false }, now }) // 'superseded'
 */
export function decideClaim(input: { target: ClaimTarget; guard: ClaimGuard; record?: ClaimRecord; now: Date }): ClaimDecision {
  const { target, guard, record, now } = input;
  if (record?.status === 'sent') return 'sent';
  if (target.kind === 'threshold') {
    // Monotonic: anything at or above t already claimed, or the terminal state, ends t for good.
    if (guard.terminalClaimed || guard.highestThresholdClaimed > target.threshold) return 'superseded';
    // Guard at t but no record yet: a claim of t is being written (a store whose reads may see one
    // half of a transaction, like moto). Retry later rather than drop t for good.
    if (!record) return guard.highestThresholdClaimed === target.threshold ? 'in-progress' : 'fresh';
  } else if (!record) {
    return 'fresh';
  }
  return record.leaseUntil > now.getTime() ? 'in-progress' : 'resume';
}

/** The `EventId` of a claim's notification: stable, so consumers can drop redelivered copies. */
export function eventIdOf(jobId: string, target: ClaimTarget): string {
  return target.kind === 'threshold' ? `${jobId}:threshold:${target.threshold}` : `${jobId}:finished`;
}
