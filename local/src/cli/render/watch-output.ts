/**
 * What `watch` and `create --wait` print while they poll: notification lines (NDJSON) and/or a
 * progress bar, as the output mode says.
 */
import type { JobView } from '@s3-bulk-restore/shared';
import { createNotificationLines } from './ndjson.js';
import type { OutputMode, Streams } from './output-mode.js';
import { createProgressView } from './progress-view.js';
import type { ProgressSnapshot, ProgressView } from './progress-view.js';

export interface WatchOutput {
  update(view: JobView): void;
  /** Show the last view and end the bar's line; once only (later calls do nothing). */
  finish(view?: JobView): void;
}

export function createWatchOutput(mode: OutputMode, streams: Streams, options: { now?: () => number } = {}): WatchOutput {
  const lines = mode.format === 'ndjson' ? createNotificationLines(streams.stdout) : undefined;
  const barStream = mode.format === 'human' ? streams.stdout : mode.progressOnStderr ? streams.stderr : undefined;
  let bar: ProgressView | undefined;
  let finished = false;
  const barFor = (view: JobView) => {
    if (barStream) bar ??= createProgressView({ stream: barStream, label: view.JobId, total: view.TotalObjects, now: options.now });
    return bar;
  };
  return {
    update(view) {
      lines?.update(view);
      barFor(view)?.update(snapshotOf(view));
    },
    finish(view) {
      if (finished) return;
      finished = true;
      if (!view) return bar?.finish();
      lines?.update(view);
      barFor(view)?.finish(snapshotOf(view));
    },
  };
}

/** The bar's snapshot: the job's counts and its real status (the bar may show `Preparing`). */
function snapshotOf(view: JobView): ProgressSnapshot {
  return {
    Status: view.Status,
    ProgressPercent: view.ProgressPercent,
    TotalObjects: view.TotalObjects,
    RestoredObjects: view.Counts.restored,
    AvailableObjects: view.Counts.available,
    FailedObjects: view.Counts.failed,
  };
}
