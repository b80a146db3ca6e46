/** `s3-bulk-restore status ID`: the job as it is now; exit with its outcome if it has ended. */
import type { Command } from 'commander';
import { JOB_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { assertJobSucceeded } from '../job-outcome.js';
import { formatJobDetails } from '../render/job-table.js';
import { writeJsonLine } from '../render/ndjson.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';

export function registerStatusCommand(program: Command): void {
  const command = program
    .command('status')
    .summary('Show a job')
    .description('Show a job (GET /jobs/{id}): labelled lines on a terminal, the job as one JSON line otherwise')
    .argument('<job-id>', 'the job (BulkJobId)');
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(JOB_EXIT_CODES))
    .action(async (jobId: string, flags: ApiFlags) => {
      const streams = processStreams();
      const view = await apiClientOf(flags).getJob(jobId);
      if (outputModeOf(flags.output, streams).format === 'ndjson') writeJsonLine(streams.stdout, view);
      else streams.stdout.write(formatJobDetails(view));
      assertJobSucceeded(view);
    });
}
