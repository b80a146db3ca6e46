/** Follow a job to its end, printing as the output mode says, and turn its outcome into the exit code. */
import type { ApiClient } from '../api-client.js';
import { assertJobSucceeded } from '../job-outcome.js';
import { watchJob } from '../job-watch.js';
import type { OutputMode, Streams } from '../render/output-mode.js';
import { createWatchOutput } from '../render/watch-output.js';

export interface FollowOptions {
  intervalMs: number;
  mode: OutputMode;
  streams: Streams;
}

/** @throws JobOutcomeError (exit 3 to 6) for a job that did not succeed; ApiError */
export async function followJob(client: ApiClient, jobId: string, options: FollowOptions): Promise<void> {
  const output = createWatchOutput(options.mode, options.streams);
  try {
    const last = await watchJob({ jobId, getJob: (id) => client.getJob(id), intervalMs: options.intervalMs, onView: (view) => output.update(view) });
    output.finish(last);
    assertJobSucceeded(last);
  } finally {
    // Ends a bar left mid-line, so the boundary's one line starts on a line of its own.
    output.finish();
  }
}
