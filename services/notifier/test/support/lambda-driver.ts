/**
 * Deliver events to the use case the way EventBridge → Lambda (asynchronous invocation) does: an
 * invocation that throws is retried. `retry: 'at-once'` retries an event before the next one;
 * `'later'` puts it at the back of the queue, so other events overtake it (as Lambda's minute-long
 * retry delays do).
 */
import type { JobEvent, JobEventOutcome, OnJobEvent } from '../../src/app/on-job-event.js';

export interface DriverReport {
  outcomes: JobEventOutcome[];
  /** Errors of failed attempts, in order. */
  errors: unknown[];
}

export async function deliverAll(onJobEvent: OnJobEvent, events: JobEvent[], options: { retry?: 'at-once' | 'later'; maxAttempts?: number; beforeRetry?: () => void } = {}): Promise<DriverReport> {
  const queue = events.map((event) => ({ event, attempts: 0 }));
  const report: DriverReport = { outcomes: [], errors: [] };
  while (queue.length > 0) {
    const item = queue.shift()!;
    if (item.attempts > 0) options.beforeRetry?.();
    item.attempts++;
    try {
      report.outcomes.push(await onJobEvent(item.event));
    } catch (error) {
      report.errors.push(error);
      if (item.attempts >= (options.maxAttempts ?? 10)) throw new Error(`event failed ${item.attempts} times`, { cause: error });
      if (options.retry === 'later') queue.push(item);
      else queue.unshift(item);
    }
  }
  return report;
}
