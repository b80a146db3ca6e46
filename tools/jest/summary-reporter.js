/**
 * Prints one plain closing line, `jest: N passed, N failed, N skipped`, which CI reads
 * (jest's own summary is not in a form it recognises).
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.numRuntimeErrorTestSuites ?? 0;
    const failed = results.numFailedTests + failedSuites;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped\n`);
  }
}
