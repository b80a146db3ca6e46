import { describe, expect, it } from '@jest/globals';
import type { JobView } from '@s3-bulk-restore/shared';
import { ApiError } from './api-client.js';
import { watchJob } from './job-watch.js';

const view = (Status: JobView['Status'], ProgressPercent: number) => ({ JobId: 'job-1', Status, ProgressPercent }) as JobView;
const unreachable = () => new ApiError({ code: 'ApiUnreachable', message: 'cannot reach it' });
const notFound = () => new ApiError({ code: 'JobNotFound', message: 'no job', status: 404, field: 'id' });

/** A getJob that answers from a script (a view, or an error to throw), and a sleep that only counts. */
function scripted(...answers: Array<JobView | Error>) {
  const sleeps: number[] = [];
  return {
    sleeps,
    getJob: async () => {
      const next = answers.shift();
      if (!next) throw new Error('polled past the end of the script');
      if (next instanceof Error) throw next;
      return next;
    },
    sleep: async (ms: number) => void sleeps.push(ms),
  };
}

describe('watchJob', () => {
  it('polls every interval until the job ends, showing every view, and returns the last', async () => {
    const s = scripted(view('Preparing', 0), view('Restoring', 40), view('Complete', 100));
    const seen: string[] = [];

    const last = await watchJob({ jobId: 'job-1', getJob: s.getJob, sleep: s.sleep, intervalMs: 2000, onView: (v) => seen.push(`${v.Status}:${v.ProgressPercent}`) });

    expect(last.Status).toBe('Complete');
    expect(seen).toEqual(['Preparing:0', 'Restoring:40', 'Complete:100']);
    expect(s.sleeps).toEqual([2000, 2000]);
  });

  it('rides out passing failures (unreachable, 5xx) up to the retry budget', async () => {
    const s = scripted(view('Restoring', 10), unreachable(), unreachable(), view('Failed', 10));
    const last = await watchJob({ jobId: 'job-1', getJob: s.getJob, sleep: s.sleep, intervalMs: 5, onView: () => undefined, transientRetries: 2 });
    expect(last.Status).toBe('Failed');
  });

  it('gives up once the failures in a row exceed the budget', async () => {
    const s = scripted(view('Restoring', 10), unreachable(), unreachable(), unreachable());
    await expect(watchJob({ jobId: 'job-1', getJob: s.getJob, sleep: s.sleep, intervalMs: 5, onView: () => undefined, transientRetries: 2 })).rejects.toMatchObject({ code: 'ApiUnreachable' });
  });

  it('never retries the first poll, nor a 4xx', async () => {
    await expect(watchJob({ jobId: 'job-1', ...scripted(unreachable()), intervalMs: 5, onView: () => undefined })).rejects.toMatchObject({ code: 'ApiUnreachable' });
    await expect(watchJob({ jobId: 'job-1', ...scripted(view('Restoring', 1), notFound()), intervalMs: 5, onView: () => undefined })).rejects.toMatchObject({ code: 'JobNotFound', exitCode: 2 });
  });
});
