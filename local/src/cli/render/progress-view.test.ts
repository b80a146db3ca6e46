import { describe, expect, it } from '@jest/globals';
import { createProgressView, formatDuration } from './progress-view.js';

function recorder(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { stream: { isTTY, columns, write: (text: string) => writes.push(text) }, writes };
}

const snapshot = (percent: number, restored: number, failed = 0, Status = 'Restoring') => ({
  Status,
  ProgressPercent: String(percent),
  TotalObjects: 100,
  RestoredObjects: restored,
  AvailableObjects: 0,
  FailedObjects: failed,
});

describe('createProgressView on a terminal', () => {
  it('redraws one line in place, with an ETA from the rate seen so far, and ends it with a newline', () => {
    const { stream, writes } = recorder(true, 200);
    let now = 0;
    const view = createProgressView({ stream, label: 'job-1', now: () => now, barWidth: 10 });

    view.update(snapshot(0, 0));
    now = 60_000;
    view.update(snapshot(25, 25));
    view.finish(snapshot(100, 99, 1, 'Complete'));

    expect(writes).toEqual([
      '\r\x1b[2Kjob-1 [░░░░░░░░░░]   0%  0/100 settled · 0 restored · 0 available · 0 failed  ETA --  Restoring',
      // 25 objects a minute, 75 to go: three minutes.
      '\r\x1b[2Kjob-1 [███░░░░░░░]  25%  25/100 settled · 25 restored · 0 available · 0 failed  ETA 3m 00s  Restoring',
      '\r\x1b[2Kjob-1 [██████████] 100%  100/100 settled · 99 restored · 0 available · 1 failed  Complete',
      '\n',
    ]);
  });

  it('cuts the line to the width of the terminal', () => {
    const { stream, writes } = recorder(true, 30);
    createProgressView({ stream }).update(snapshot(50, 50));
    expect(writes[0]).toBe(`\r\x1b[2K${'[████████████░░░░░░░░░░░░]  50%'.slice(0, 29)}`);
  });
});

describe('createProgressView elsewhere (a pipe, a log file)', () => {
  it('writes a line only when what it shows changes, never for the ETA alone, and the finish message below', () => {
    const { stream, writes } = recorder(false);
    const view = createProgressView({ stream, barWidth: 4 });

    view.update(snapshot(10, 10));
    view.update(snapshot(10, 10));
    view.update({ Status: 'Preparing', ProgressPercent: 0, TotalObjects: null });
    view.finish(undefined, 'stopped');

    expect(writes).toEqual([
      '[░░░░]  10%  10/100 settled · 10 restored · 0 available · 0 failed  Restoring\n',
      '[░░░░]   0%  registering the manifest  Preparing\n',
      'stopped\n',
    ]);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [185_000, '3m 05s'],
    [2 * 3_600_000 + 3 * 60_000, '2h 03m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 04h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
