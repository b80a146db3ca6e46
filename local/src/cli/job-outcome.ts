/** A job's state as the CLI's exit code: nothing for success or a job still running, an error otherwise. */
import type { JobView } from '@s3-bulk-restore/shared';
import { EXIT, JobOutcomeError, exitCodeOfJob } from './errors.js';

/**
 * @throws JobOutcomeError (exit 3 to 6) when the job ended other than Complete with nothing failed
 */
export function assertJobSucceeded(view: JobView): void {
  const exitCode = exitCodeOfJob({ status: view.Status, failedObjects: view.Counts.failed });
  if (exitCode === EXIT.ok) return;
  throw new JobOutcomeError(view.JobId, view.Status, exitCode, detailOf(view));
}

function detailOf(view: JobView): string {
  const total = view.TotalObjects ?? 0;
  const { failed } = view.Counts;
  const settled = view.Counts.restored + view.Counts.available + failed;
  const failure = view.Failures?.[0];
  const parts = [
    view.Status === 'Complete' ? `${failed} of ${total} objects failed` : `${settled} of ${total} objects settled, ${failed} failed`,
    ...(failure ? [`${failure.code}: ${failure.message}${failure.line ? ` (line ${failure.line})` : ''}`] : []),
  ];
  return parts.join('; ');
}
