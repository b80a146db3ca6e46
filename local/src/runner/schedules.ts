/**
 * Schedules (`schedule: rate(5 minutes)`) on the runner's clock: the sandbox's virtual clock, so a
 * demo at 14,400× polls Batch Operations every 5 virtual minutes like the deployment does, or
 * the wall clock against AWS. A run that is still going when the next is due is skipped, as a
 * Lambda with reserved concurrency 1 would be.
 */
import type { QueueClock } from './bus/queue.js';

const UNIT_MS: Record<string, number> = { minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000, day: 86_400_000, days: 86_400_000 };

export class ScheduleExpressionError extends Error {
  readonly code = 'UnsupportedSchedule';
}

/**
 * The period of an EventBridge `rate()` expression, in ms.
 *
 * @throws ScheduleExpressionError for a malformed rate or a `cron()` (not run locally)
 * @example rateMs('rate(5 minutes)') // 300000
 */
export function rateMs(expression: string): number {
  const match = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (!match) throw new ScheduleExpressionError(`the local runner runs rate(N minutes|hours|days) schedules only, not ${JSON.stringify(expression)}`);
  const value = Number(match[1]);
  const unit = match[2]!;
  // EventBridge wants the singular with 1 and the plural otherwise.
  if (value < 1 || (value === 1) !== !unit.endsWith('s')) throw new ScheduleExpressionError(`${JSON.stringify(expression)} is not a valid rate expression`);
  return value * UNIT_MS[unit]!;
}

export interface ScheduledTask {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Runs every task on its period until stopped; failures go to `onError` and the next run comes anyway. */
export class Scheduler {
  private stopped = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly clock: QueueClock,
    private readonly onError: (task: string, error: unknown) => void,
  ) {}

  add(task: ScheduledTask): void {
    let busy = false;
    const tick = () => {
      if (this.stopped) return;
      this.clock.setTimeout(tick, task.everyMs);
      if (busy) return;
      busy = true;
      const run = task
        .run()
        .catch((error: unknown) => this.onError(task.name, error))
        .finally(() => {
          busy = false;
          this.running.delete(run);
        });
      this.running.add(run);
    };
    this.clock.setTimeout(tick, task.everyMs);
  }

  busy(): boolean {
    return this.running.size > 0;
  }

  /** No new runs; resolves when the ones in progress are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.running]);
  }
}
