/**
 * An in-memory {@link NotificationLedger} for use-case tests. It applies the same claim rules as
 * the real adapters (`decideClaim`) and passes the same contract suite
 * (test/app/in-memory-ledger.test.ts), so what the use-case tests show holds for them.
 */
import type { Notification } from '@s3-bulk-restore/shared';
import { DEFAULT_CLAIM_LEASE_MS, decideClaim } from '../../src/app/claim-rules.js';
import type { ClaimGuard, ClaimRecord } from '../../src/app/claim-rules.js';
import { settingsNotFound } from '../../src/app/errors.js';
import type { Claim, ClaimResult, ClaimTarget, JobSettings, NotificationLedger } from '../../src/app/ports.js';

interface JobEntry {
  settings: JobSettings;
  guard: ClaimGuard;
  highestThresholdSent: number;
  claims: Map<string, ClaimRecord>;
}

export class InMemoryNotificationLedger implements NotificationLedger {
  private readonly jobs = new Map<string, JobEntry>();
  private tokens = 0;

  constructor(private readonly options: { now: () => Date; leaseMs?: number }) {}

  async saveSettings(settings: JobSettings): Promise<void> {
    if (this.jobs.has(settings.jobId)) return;
    this.jobs.set(settings.jobId, {
      settings: structuredClone(settings),
      guard: { highestThresholdClaimed: 0, terminalClaimed: false },
      highestThresholdSent: 0,
      claims: new Map(),
    });
  }

  async settings(jobId: string): Promise<JobSettings | undefined> {
    const entry = this.jobs.get(jobId);
    return entry ? structuredClone(entry.settings) : undefined;
  }

  async lastSentThreshold(jobId: string): Promise<number> {
    return this.jobs.get(jobId)?.highestThresholdSent ?? 0;
  }

  async claimThreshold(input: { jobId: string; threshold: number; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'threshold', threshold: input.threshold }, input.notification);
  }

  async claimTerminal(input: { jobId: string; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'terminal' }, input.notification);
  }

  async markSent(claim: Claim): Promise<void> {
    const entry = this.jobs.get(claim.jobId);
    const record = entry?.claims.get(keyOf(claim.target));
    if (!entry || !record || record.token !== claim.token || record.status !== 'pending') return;
    record.status = 'sent';
    if (claim.target.kind === 'threshold') entry.highestThresholdSent = Math.max(entry.highestThresholdSent, claim.target.threshold);
  }

  async release(claim: Claim): Promise<void> {
    const record = this.jobs.get(claim.jobId)?.claims.get(keyOf(claim.target));
    if (record && record.token === claim.token && record.status === 'pending') record.leaseUntil = 0;
  }

  /** Decide and apply in one synchronous step: nothing else runs in between. */
  private async claim(jobId: string, target: ClaimTarget, notification: Notification): Promise<ClaimResult> {
    const entry = this.jobs.get(jobId);
    if (!entry) throw settingsNotFound(jobId);
    const now = this.options.now();
    const existing = entry.claims.get(keyOf(target));
    const decision = decideClaim({ target, guard: entry.guard, ...(existing ? { record: existing } : {}), now });
    if (decision !== 'fresh' && decision !== 'resume') return { outcome: decision };
    const base = decision === 'resume' && existing ? existing : { notification: structuredClone(notification), attempt: 0 };
    const record: ClaimRecord = {
      status: 'pending',
      token: `token-${++this.tokens}`,
      leaseUntil: now.getTime() + (this.options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS),
      notification: base.notification,
      attempt: base.attempt + 1,
    };
    entry.claims.set(keyOf(target), record);
    if (target.kind === 'threshold') entry.guard.highestThresholdClaimed = target.threshold;
    else entry.guard.terminalClaimed = true;
    return { outcome: 'claimed', claim: { jobId, target, token: record.token, notification: structuredClone(record.notification), attempt: record.attempt } };
  }
}

function keyOf(target: ClaimTarget): string {
  return target.kind === 'threshold' ? `threshold:${target.threshold}` : 'terminal';
}
