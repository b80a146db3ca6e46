/**
 * The notifier's ports: the ledger that makes each notification happen once per job, and the sink
 * that delivers it. Use cases depend on these; `adapters/` implement them (DynamoDB + SNS/SQS on
 * AWS; SQLite + console/webhook locally) and `test/contracts/` holds the one suite each
 * implementation must pass.
 */
import type { Notification } from '@s3-bulk-restore/shared';

/** A job's notification settings, taken from its `JobCreated`. Immutable once saved. */
export interface JobSettings {
  jobId: string;
  batchJobId: string;
  clientTag?: string;
  /** Notify every this many percent (1–100; 100 means only the terminal notification). */
  progressStepPercent: number;
  /** ISO 8601 time the job was created. */
  createdAt: string;
}

/** What a claim is for: one progress threshold, or the job's terminal state. */
export type ClaimTarget = { kind: 'threshold'; threshold: number } | { kind: 'terminal' };

/**
 * A claim this caller holds: it must send {@link Claim.notification} and then call
 * {@link NotificationLedger.markSent} (or {@link NotificationLedger.release} if sending failed).
 */
export interface Claim {
  jobId: string;
  target: ClaimTarget;
  /** Identifies this holder; only the holder can mark the claim sent or release it. */
  token: string;
  /**
   * The message to send: the one stored by the *first* claim, so a claim resumed after a crash
   * sends the same body with the same `EventId`, even if the event that resumed it differs.
   */
  notification: Notification;
  /** 1 for a fresh claim; more when a pending claim was resumed. */
  attempt: number;
}

/**
 * - `claimed`: the caller holds the claim and must send.
 * - `sent`: this notification already went out; nothing to do.
 * - `superseded`: a higher threshold or the terminal state was claimed; this one is never sent.
 * - `in-progress`: another holder's claim is pending and its lease has not run out; retry later.
 */
export type ClaimResult =
  | { outcome: 'claimed'; claim: Claim }
  | { outcome: 'sent' }
  | { outcome: 'superseded' }
  | { outcome: 'in-progress' };

/**
 * The record of which notifications a job has had. Each notification goes claim → send →
 * markSent:
 *
 * - A claim is written atomically and starts *pending* with a lease (longer than the handler's
 *   timeout). If the process dies between claim and send, the lease runs out and the next
 *   delivery of any event wanting that notification resumes the claim and sends it.
 * - If the process dies after sending but before `markSent`, a redelivered event resumes the
 *   claim and sends the same message again, with the same `EventId`: delivery is at least once
 *   in that window, and consumers drop copies by `EventId`. No store can close that window,
 *   because SNS/SQS and the ledger cannot commit together.
 * - Threshold claims are monotonic: threshold `t` is claimed only if no threshold ≥ `t` and no
 *   terminal state was claimed. A late event for 20 % after 40 % was claimed sends nothing, and
 *   after the terminal claim no threshold is ever sent.
 *
 * Claims need the job's settings to exist (they hold the claim guard); without them a claim
 * throws a `NotFoundError` with code `SettingsNotFound`.
 */
export interface NotificationLedger {
  /** Save a job's settings. Idempotent: the first write wins, a redelivered `JobCreated` changes nothing. */
  saveSettings(settings: JobSettings): Promise<void>;
  /** The job's settings, or `undefined` when its `JobCreated` has not been seen. */
  settings(jobId: string): Promise<JobSettings | undefined>;
  /**
   * The highest threshold already sent for the job, 0 when none: the `lastNotified` for
   * `thresholdToNotify`. A hint that saves work; the claims are what guarantee once.
   */
  lastSentThreshold(jobId: string): Promise<number>;
  /** Claim a progress threshold, storing the notification it will send. */
  claimThreshold(input: { jobId: string; threshold: number; notification: Notification }): Promise<ClaimResult>;
  /** Claim the job's terminal notification (once per job), storing the notification it will send. */
  claimTerminal(input: { jobId: string; notification: Notification }): Promise<ClaimResult>;
  /** The claim's notification went out. A holder whose claim was taken over is ignored. */
  markSent(claim: Claim): Promise<void>;
  /** Sending failed: end the lease now so the next delivery resumes the claim without waiting. */
  release(claim: Claim): Promise<void>;
}

/** SNS message attributes (and SQS ones) that subscription filter policies use. */
export interface NotificationAttributes {
  JobId: string;
  Status: string;
  /** Omitted when the job has no client tag. */
  ClientTag?: string;
  EventType: string;
}

/** Where notifications go. */
export interface NotificationSink {
  /**
   * Deliver one notification to every channel (on AWS: SNS Publish with the attributes, and SQS
   * SendMessage with the same body and attributes). Resolves only if every channel accepted it;
   * otherwise throws a `DependencyError` with code `NotificationSendFailed`. A retry may deliver
   * again to a channel that had accepted it: consumers dedupe on `EventId`.
   */
  send(notification: Notification, attributes: NotificationAttributes): Promise<void>;
}
