/**
 * A job's read model (`GET /jobs/{id}`) as a notification (shared `notificationSchema`): what
 * `watch` and `create --wait` print as NDJSON, so a script reads the same shape whether it
 * subscribes to the topic or polls through the CLI.
 */
import { contracts, isTerminalJobStatus, pendingCount } from '@s3-bulk-restore/shared';
import type { JobView, Notification } from '@s3-bulk-restore/shared';

/**
 * The notification for the job as it is now, or undefined while it is `Preparing`: the
 * notification schema starts at `Restoring` (the notifier never announces a job still being
 * prepared either). The `EventId` is stable per content (`watch:<jobId>:<percent>` while
 * restoring, `watch:<jobId>:<status>` at the end) so a consumer can drop repeats.
 *
 * @example notificationOf(view) // { JobId, Status: 'Restoring', ProgressPercent: '40', EventType: 'Progress', … }
 */
export function notificationOf(view: JobView): Notification | undefined {
  if (view.Status === 'Preparing') return undefined;
  const finished = isTerminalJobStatus(view.Status);
  const total = view.TotalObjects ?? 0;
  const notification: Record<string, unknown> = {
    JobId: view.JobId,
    BatchJobId: view.BatchJobId,
    Status: view.Status,
    ProgressPercent: String(view.ProgressPercent),
    FailedBatchFiles: String(view.FailedBatchFiles),
    EventId: `watch:${view.JobId}:${finished ? view.Status : view.ProgressPercent}`,
    EventType: finished ? 'Finished' : 'Progress',
    // The job's own time of the change, not the time of the poll: two watchers print the same line.
    EventTime: (finished ? view.FinishedAt : undefined) ?? view.UpdatedAt,
    TotalObjects: total,
    RestoredObjects: view.Counts.restored,
    AvailableObjects: view.Counts.available,
    FailedObjects: view.Counts.failed,
    PendingObjects: pendingCount(view.Counts, total),
  };
  if (view.ClientTag) notification['ClientTag'] = view.ClientTag;
  return contracts.notification.parse(notification);
}
