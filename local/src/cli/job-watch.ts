/**
 * Follow a job until it ends by polling `GET /jobs/{id}`: the loop behind `watch` and
 * `create --wait`. Time is injected (`sleep`), so tests drive it without waiting.
 */
import { isTerminalJobStatus } from '@s3-bulk-restore/shared';
import type { JobView } from '@s3-bulk-restore/shared';
import { ApiError } from './api-client.js';
import { EXIT } from './errors.js';

export interface WatchJobOptions {
  jobId: string;
  getJob: (jobId: string) => Promise<JobView>;
  /** Time between two polls, in ms. */
  intervalMs: number;
  /** Called with every view read, the last one (terminal) included. */
  onView: (view: JobView) => void;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Polls in a row that may fail for a passing reason (unreachable, timed out, 5xx) before the
   * watch gives up (default 3). A watch lasts hours: one 502 from the gateway must not end it.
   * The first poll is never retried: a wrong URL or id is reported at once.
   */
  transientRetries?: number;
}

/**
 * @returns the job's view once its status is terminal
 * @throws ApiError from the first poll, on a 4xx, or once the retries are used up
 * @example const last = await watchJob({ jobId, getJob: (id) => client.getJob(id), intervalMs: 2000, onView: render });
 */
export async function watchJob(options: WatchJobOptions): Promise<JobView> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retries = options.transientRetries ?? 3;
  let view = await options.getJob(options.jobId);
  let failuresInARow = 0;
  options.onView(view);
  while (!isTerminalJobStatus(view.Status)) {
    await sleep(options.intervalMs);
    try {
      view = await options.getJob(options.jobId);
      failuresInARow = 0;
    } catch (error) {
      failuresInARow += 1;
      if (!isTransient(error) || failuresInARow > retries) throw error;
      continue;
    }
    options.onView(view);
  }
  return view;
}

function isTransient(error: unknown): boolean {
  return error instanceof ApiError && error.exitCode === EXIT.unexpected && error.code !== 'UnexpectedResponse';
}
