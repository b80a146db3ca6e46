/**
 * Progress notification thresholds: every `stepPercent` (default 10) below 100; 100 itself is the
 * `Complete` notification.
 */
export const DEFAULT_PROGRESS_STEP_PERCENT = 10;

export function thresholds(stepPercent: number): number[] {
  if (!Number.isInteger(stepPercent) || stepPercent < 1 || stepPercent > 100) {
    throw new RangeError(`progress step must be an integer from 1 to 100, got ${stepPercent}`);
  }
  const out: number[] = [];
  for (let t = stepPercent; t < 100; t += stepPercent) out.push(t);
  return out;
}

/**
 * The threshold to notify when progress moves to `percent`, given the highest one already
 * notified: the highest threshold crossed, or undefined. Thresholds skipped over in one jump
 * are not notified separately (a consumer sees the real percentage in the message).
 *
 * @example thresholdToNotify(47, 10, 20) // 40
 */
export function thresholdToNotify(percent: number, stepPercent: number, lastNotified: number): number | undefined {
  const crossed = thresholds(stepPercent).filter((t) => t <= percent && t > lastNotified);
  return crossed.length > 0 ? crossed[crossed.length - 1] : undefined;
}
