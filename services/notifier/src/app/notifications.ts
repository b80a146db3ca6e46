/**
 * Build the notification messages (docs/events.md, "Notifications"). The public sample's fields
 * stay strings; the new ones sit beside them. Every message is checked against the published
 * schema before it leaves, so a bug here is an error, never a malformed message on the topic.
 */
import { contracts, pendingCount } from '@s3-bulk-restore/shared';
import type { JobFinished, JobProgressed, Notification } from '@s3-bulk-restore/shared';
import { eventIdOf } from './claim-rules.js';
import type { JobSettings, NotificationAttributes } from './ports.js';

/**
 * The message for a progress threshold. `ProgressPercent` is the real percentage (when one
 * batch jumps over several thresholds, only the highest is sent, with the real value).
 * `EventTime` is the event's own time, so a message rebuilt from a redelivered event is identical.
 */
export function progressNotification(settings: JobSettings, event: JobProgressed, threshold: number): Notification {
  return contracts.notification.parse({
    JobId: event.jobId,
    BatchJobId: event.batchJobId,
    Status: 'Restoring',
    ProgressPercent: String(event.progressPercent),
    FailedBatchFiles: String(event.counts.failed),
    EventId: eventIdOf(event.jobId, { kind: 'threshold', threshold }),
    EventType: 'Progress',
    EventTime: event.at,
    ...clientTag(settings),
    ...countsOf(event),
    Threshold: threshold,
  });
}

/**
 * The message for the terminal state. `ProgressPercent` is 100 only for `Complete`; any other
 * terminal status is held at 99 at most, so `100` always means done (docs/events.md).
 */
export function finishedNotification(settings: JobSettings, event: JobFinished): Notification {
  const percent = event.status === 'Complete' ? 100 : Math.min(event.progressPercent, 99);
  return contracts.notification.parse({
    JobId: event.jobId,
    BatchJobId: event.batchJobId,
    Status: event.status,
    ProgressPercent: String(percent),
    FailedBatchFiles: String(event.counts.failed),
    EventId: eventIdOf(event.jobId, { kind: 'terminal' }),
    EventType: 'Finished',
    EventTime: event.at,
    ...clientTag(settings),
    ...countsOf(event),
    ...(event.reason !== undefined ? { Reason: event.reason } : {}),
  });
}

/** The message attributes subscribers filter on; `ClientTag` only when the job has one. */
export function attributesOf(notification: Notification): NotificationAttributes {
  return {
    JobId: notification.JobId,
    Status: notification.Status,
    ...(notification.ClientTag ? { ClientTag: notification.ClientTag } : {}),
    EventType: notification.EventType,
  };
}

function clientTag(settings: JobSettings): { ClientTag?: string } {
  // SNS refuses an empty attribute value, and an empty tag tells a subscriber nothing.
  return settings.clientTag ? { ClientTag: settings.clientTag } : {};
}

function countsOf(event: JobProgressed | JobFinished) {
  return {
    TotalObjects: event.totalObjects,
    RestoredObjects: event.counts.restored,
    AvailableObjects: event.counts.available,
    FailedObjects: event.counts.failed,
    PendingObjects: pendingCount(event.counts, event.totalObjects),
  };
}
