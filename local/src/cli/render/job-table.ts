/** Jobs for people: one job as labelled lines (`status`), many as a table (`list`). */
import { pendingCount } from '@s3-bulk-restore/shared';
import type { JobView } from '@s3-bulk-restore/shared';

/**
 * @example formatJobDetails(view)
 * // Job         1c6f…
 * // Status      Restoring, 40%
 * // Objects     1000: 380 restored, 12 available, 8 failed, 600 pending
 */
export function formatJobDetails(view: JobView): string {
  const rows: Array<[string, string | undefined]> = [
    ['Job', view.JobId],
    ['Batch job', view.BatchJobId],
    ['Status', `${view.Status}, ${view.ProgressPercent}%`],
    ['Objects', objectsOf(view)],
    ['Manifest', `s3://${view.Manifest.Bucket}/${view.Manifest.Key} (ETag ${view.Manifest.ETag})`],
    ['Tier', view.ExpirationDays === undefined ? view.Tier : `${view.Tier}, restored copies kept ${view.ExpirationDays} day(s)`],
    ['Client tag', view.ClientTag],
    ['Created', view.CreatedAt],
    ['Tracking', view.TrackingReadyAt && `every manifest line registered at ${view.TrackingReadyAt}`],
    ['Updated', view.UpdatedAt],
    ['Finished', view.FinishedAt],
    ...(view.Failures ?? []).map((f): [string, string] => ['Failure', `${f.code}: ${f.message}${f.line ? ` (line ${f.line})` : ''}${f.field ? ` (field ${f.field})` : ''}`]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined)
    .map(([label, value]) => `${label.padEnd(width)}${value}\n`)
    .join('');
}

/** A table with a header; an empty list says so. */
export function formatJobTable(views: readonly JobView[]): string {
  if (views.length === 0) return 'No jobs.\n';
  const header = ['JOB', 'STATUS', 'PROGRESS', 'OBJECTS', 'FAILED', 'TAG', 'CREATED'];
  const rows = views.map((v) => [v.JobId, v.Status, `${v.ProgressPercent}%`, v.TotalObjects === null ? '-' : String(v.TotalObjects), String(v.Counts.failed), v.ClientTag ?? '-', v.CreatedAt]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((cells) => `${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`).join('');
}

function objectsOf(view: JobView): string {
  if (view.TotalObjects === null) return 'not known yet (the manifest is being registered)';
  const { restored, available, failed } = view.Counts;
  return `${view.TotalObjects}: ${restored} restored, ${available} available, ${failed} failed, ${pendingCount(view.Counts, view.TotalObjects)} pending`;
}
