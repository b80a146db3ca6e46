/**
 * The notifier's typed errors. Each has a stable `code`; the ones thrown while handling an event
 * make Lambda retry it (EventBridge → Lambda asynchronous invocation, then the failed-events DLQ).
 */
import { ConflictError, DependencyError, NotFoundError } from '@s3-bulk-restore/shared';

/**
 * A `JobProgressed` or `JobFinished` arrived before the job's `JobCreated` was recorded. Thrown,
 * not defaulted, so the event is retried once the settings exist (see on-job-event.ts).
 */
export function settingsNotFound(jobId: string): NotFoundError {
  return new NotFoundError('SettingsNotFound', `No notification settings for job ${jobId} (its JobCreated has not been seen yet)`, { jobId });
}

/** Another delivery holds the claim for this notification; the event is retried after its lease. */
export function notificationInProgress(jobId: string, eventId: string): ConflictError {
  return new ConflictError('NotificationInProgress', `Notification ${eventId} is being sent by another delivery; retry later`, { jobId, eventId });
}

/** A channel (SNS or SQS) did not accept a notification. */
export function notificationSendFailed(eventId: string, failures: Array<{ channel: string; error: unknown }>): DependencyError {
  const summary = failures.map((f) => `${f.channel}: ${errorText(f.error)}`).join('; ');
  return new DependencyError(
    'NotificationSendFailed',
    `Notification ${eventId} was not accepted by ${failures.map((f) => f.channel).join(' and ')} (${summary})`,
    { eventId, channels: failures.map((f) => f.channel) },
    { cause: failures[0]?.error },
  );
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
