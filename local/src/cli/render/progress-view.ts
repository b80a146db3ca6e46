/**
 * A progress bar for one job: counts, percent, ETA and status on one line. On a terminal the
 * line is redrawn in place; on anything else a line is written each time what it shows changes
 * (never the ETA alone), so a log file stays readable. It takes notification-shaped snapshots,
 * so a notification from the notifier, an SSE stream or `notificationOf(view)` feeds it as is.
 */

/** What the bar shows: the notification fields it reads (`Status` may also be `Preparing`). */
export interface ProgressSnapshot {
  Status: string;
  /** 0 to 100; a string in notifications. */
  ProgressPercent: string | number;
  TotalObjects?: number | null;
  RestoredObjects?: number;
  AvailableObjects?: number;
  FailedObjects?: number;
}

/** Where the bar goes: `process.stdout`, `process.stderr`, or anything with `write`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressViewOptions {
  stream: ProgressStream;
  /** Objects in the job, when known before the first snapshot says (a snapshot's total wins). */
  total?: number | null;
  /** Printed before the bar, e.g. the job id. */
  label?: string;
  /** Clock for the ETA, in ms (default `Date.now`; the demo may pass a virtual clock). */
  now?: () => number;
  /** Cells of the bar itself (default 24). */
  barWidth?: number;
}

export interface ProgressView {
  /** Show a snapshot (redraw on a terminal; a new line elsewhere if it changed). */
  update(snapshot: ProgressSnapshot): void;
  /** Show the last snapshot, end the line, and print `message` (if any) below it. */
  finish(snapshot?: ProgressSnapshot, message?: string): void;
}

const TERMINAL = new Set(['Complete', 'Failed', 'Cancelled', 'Timeout']);

/**
 * @example
 * const view = createProgressView({ stream: process.stderr, total: 1000, label: jobId });
 * view.update(notification);                 // [██████░░░░…]  40%  400/1000 settled · … · ETA 3m 10s · Restoring
 * view.finish(lastNotification, 'done');
 */
export function createProgressView(options: ProgressViewOptions): ProgressView {
  const { stream } = options;
  const now = options.now ?? Date.now;
  const tty = stream.isTTY === true;
  let first: { at: number; settled: number } | undefined;
  let last: ProgressSnapshot | undefined;
  let lastWritten = '';
  let drawn = false;

  const render = (snapshot: ProgressSnapshot, withEta: boolean): string => {
    const total = snapshot.TotalObjects ?? options.total ?? null;
    const settled = settledOf(snapshot);
    const at = now();
    first ??= { at, settled };
    const eta = withEta ? etaOf(first, { at, settled }, total, snapshot.Status) : undefined;
    return lineOf(snapshot, total, { label: options.label, barWidth: options.barWidth ?? 24, eta });
  };

  const draw = (line: string) => {
    const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : undefined;
    stream.write(`\r\x1b[2K${width !== undefined && line.length > width ? line.slice(0, width) : line}`);
    drawn = true;
  };

  return {
    update(snapshot) {
      last = snapshot;
      if (tty) return draw(render(snapshot, true));
      const line = render(snapshot, false);
      if (line !== lastWritten) stream.write(`${line}\n`);
      lastWritten = line;
    },
    finish(snapshot, message) {
      const final = snapshot ?? last;
      if (tty) {
        if (final) draw(render(final, false));
        if (drawn) stream.write('\n');
      } else if (final) {
        const line = render(final, false);
        if (line !== lastWritten) stream.write(`${line}\n`);
        lastWritten = line;
      }
      if (message) stream.write(`${message}\n`);
    },
  };
}

function settledOf(snapshot: ProgressSnapshot): number {
  return (snapshot.RestoredObjects ?? 0) + (snapshot.AvailableObjects ?? 0) + (snapshot.FailedObjects ?? 0);
}

function lineOf(snapshot: ProgressSnapshot, total: number | null, parts: { label?: string; barWidth: number; eta?: string }): string {
  const percent = Math.max(0, Math.min(100, Number(snapshot.ProgressPercent) || 0));
  const filled = Math.round((percent / 100) * parts.barWidth);
  const bar = `[${'█'.repeat(filled)}${'░'.repeat(parts.barWidth - filled)}]`;
  const counts =
    total === null
      ? 'registering the manifest'
      : `${settledOf(snapshot)}/${total} settled · ${snapshot.RestoredObjects ?? 0} restored · ${snapshot.AvailableObjects ?? 0} available · ${snapshot.FailedObjects ?? 0} failed`;
  const fields = [`${bar} ${String(percent).padStart(3)}%`, counts, ...(parts.eta ? [`ETA ${parts.eta}`] : []), snapshot.Status];
  return `${parts.label ? `${parts.label} ` : ''}${fields.join('  ')}`;
}

/** Remaining objects at the rate seen since the first snapshot; `--` until there is a rate. */
function etaOf(first: { at: number; settled: number }, current: { at: number; settled: number }, total: number | null, status: string): string | undefined {
  if (TERMINAL.has(status) || total === null) return undefined;
  const done = current.settled - first.settled;
  const elapsed = current.at - first.at;
  if (done <= 0 || elapsed <= 0) return '--';
  return formatDuration(((total - current.settled) * elapsed) / done);
}

/**
 * A duration for people: `45s`, `3m 05s`, `2h 03m`, `3d 04h`.
 *
 * @example formatDuration(185_000) // '3m 05s'
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  if (seconds < 48 * 3600) return `${Math.floor(seconds / 3600)}h ${pad(Math.floor((seconds % 3600) / 60))}m`;
  return `${Math.floor(seconds / 86400)}d ${pad(Math.floor((seconds % 86400) / 3600))}h`;
}
