/** Driving the local runner's manual virtual clock from a test. */
import type { Runner } from '../../src/runner/index.js';

/**
 * Let everything due run, then move virtual time on by `ms` in steps of `stepMs` (each step
 * waits for the runner to be quiet first), and let what that made due run.
 */
export async function advanceRunner(runner: Runner, ms: number, stepMs: number): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    await runner.quiet();
    runner.sandbox!.clock.advance(Math.min(stepMs, ms - done));
  }
  await runner.quiet();
}
