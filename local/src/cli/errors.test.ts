import { describe, expect, it } from '@jest/globals';
import { EXIT, exitCodeOfJob, exitCodesHelp } from './errors.js';

describe('exit codes', () => {
  it.each([
    ['Complete', 0, EXIT.ok],
    ['Complete', 3, EXIT.completeWithFailures],
    ['Failed', 0, EXIT.failed],
    ['Cancelled', 0, EXIT.cancelled],
    ['Timeout', 2, EXIT.timeout],
    ['Restoring', 5, EXIT.ok],
    ['Preparing', 0, EXIT.ok],
  ])('a job %s with %d failed objects → %d', (status, failedObjects, code) => {
    expect(exitCodeOfJob({ status, failedObjects })).toBe(code);
  });

  it('the help text lists the codes asked for, from the one table', () => {
    expect(exitCodesHelp([EXIT.ok, EXIT.badInput])).toBe(
      '\nExit codes:\n  0  success (a job: Complete, no object failed; status: also still running)\n  2  bad input: a bad flag, no API URL, a 4xx from the API (e.g. unknown job id)\n',
    );
  });
});
