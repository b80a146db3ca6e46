/**
 * The notifier's one use case: react to a job event from the bus.
 *
 * - `JobCreated` → save the job's settings (step, client tag).
 * - `JobProgressed` → if a threshold was crossed that has not been sent, claim it, send, mark sent.
 * - `JobFinished` → claim the terminal notification, send, mark sent.
 *
 * Settings missing when a `JobProgressed`/`JobFinished` arrives (events out of order): we throw
 * `SettingsNotFound` so the event is retried, rather than guessing defaults. A guess would publish
 * without the job's `ClientTag` (subscribers filtering on it would never see the message) and
 * could claim thresholds of the wrong step — claims are permanent, so a guess cannot be taken
 * back. The race is short: `JobCreated` is published before the tracker even registers the
 * manifest, so a retry (Lambda's asynchronous retries, then the failed-events DLQ for a redrive)
 * finds the settings.
 */
import { thresholdToNotify } from '@s3-bulk-restore/shared';
import type { JobCreated, JobFinished, JobProgressed, Notification } from '@s3-bulk-restore/shared';
import { notificationInProgress, settingsNotFound } from './errors.js';
import { attributesOf, finishedNotification, progressNotification } from './notifications.js';
import type { ClaimResult, JobSettings, NotificationLedger, NotificationSink } from './ports.js';

/** A validated event from the bus, by detail-type. */
export type JobEvent =
  | { detailType: 'JobCreated'; detail: JobCreated }
  | { detailType: 'JobProgressed'; detail: JobProgressed }
  | { detailType: 'JobFinished'; detail: JobFinished };

/** What handling one event did (for logs and tests). */
export type JobEventOutcome =
  | { kind: 'settings-saved'; jobId: string }
  | { kind: 'notified'; eventId: string; attempt: number }
  | { kind: 'skipped'; reason: 'no-threshold-crossed' | 'already-sent' | 'superseded' };

export interface OnJobEventDeps {
  ledger: NotificationLedger;
  sink: NotificationSink;
}

export type OnJobEvent = (event: JobEvent) => Promise<JobEventOutcome>;

/**
 * Build the use case.
 *
 * @example
 * const onJobEvent = createOnJobEvent({ ledger, sink });
 * await onJobEvent({ detailType: 'JobProgressed', detail });
 */
export function createOnJobEvent(deps: OnJobEventDeps): OnJobEvent {
  const { ledger } = deps;

  async function requireSettings(jobId: string): Promise<JobSettings> {
    const settings = await ledger.settings(jobId);
    if (!settings) throw settingsNotFound(jobId);
    return settings;
  }

  return async (event) => {
    switch (event.detailType) {
      case 'JobCreated': {
        const d = event.detail;
        await ledger.saveSettings({
          jobId: d.jobId,
          batchJobId: d.batchJobId,
          ...(d.clientTag !== undefined ? { clientTag: d.clientTag } : {}),
          progressStepPercent: d.progressStepPercent,
          createdAt: d.createdAt,
        });
        return { kind: 'settings-saved', jobId: d.jobId };
      }
      case 'JobProgressed': {
        const d = event.detail;
        const [settings, lastSent] = await Promise.all([requireSettings(d.jobId), ledger.lastSentThreshold(d.jobId)]);
        // lastSent, not the highest claimed: a claim left pending by a crash must come round again.
        const threshold = thresholdToNotify(d.progressPercent, settings.progressStepPercent, lastSent);
        if (threshold === undefined) return { kind: 'skipped', reason: 'no-threshold-crossed' };
        const notification = progressNotification(settings, d, threshold);
        return deliver(deps, notification, await ledger.claimThreshold({ jobId: d.jobId, threshold, notification }));
      }
      case 'JobFinished': {
        const notification = finishedNotification(await requireSettings(event.detail.jobId), event.detail);
        return deliver(deps, notification, await ledger.claimTerminal({ jobId: event.detail.jobId, notification }));
      }
    }
  };
}

/** Act on a claim: send what it holds, then record it; on a failed send, give the claim back. */
async function deliver(deps: OnJobEventDeps, wanted: Notification, result: ClaimResult): Promise<JobEventOutcome> {
  switch (result.outcome) {
    case 'sent':
      return { kind: 'skipped', reason: 'already-sent' };
    case 'superseded':
      return { kind: 'skipped', reason: 'superseded' };
    case 'in-progress':
      // Throwing makes Lambda retry this event; by then the holder has sent, or its lease is over.
      throw notificationInProgress(wanted.JobId, wanted.EventId);
    case 'claimed': {
      const { claim } = result;
      try {
        await deps.sink.send(claim.notification, attributesOf(claim.notification));
      } catch (error) {
        // Best effort: if the release fails too, the lease simply runs out.
        await deps.ledger.release(claim).catch(() => undefined);
        throw error;
      }
      await deps.ledger.markSent(claim);
      return { kind: 'notified', eventId: claim.notification.EventId, attempt: claim.attempt };
    }
  }
}
