/** `s3-bulk-restore watch ID`: follow a job until it ends; exit with its outcome. */
import type { Command } from 'commander';
import { JOB_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { positiveNumber } from '../options.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';
import { followJob } from './follow-job.js';

interface WatchFlags extends ApiFlags {
  interval: number;
}

export function registerWatchCommand(program: Command): void {
  const command = program
    .command('watch')
    .summary('Follow a job until it ends')
    .description('Follow a job until it ends: a progress bar on a terminal, a notification (NDJSON) per change of status or percent otherwise')
    .argument('<job-id>', 'the job (BulkJobId)')
    .option('--interval <seconds>', 'seconds between two reads of the job', positiveNumber, 2);
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(JOB_EXIT_CODES))
    .action(async (jobId: string, flags: WatchFlags) => {
      const client = apiClientOf(flags);
      const streams = processStreams();
      await followJob(client, jobId, { intervalMs: flags.interval * 1000, mode: outputModeOf(flags.output, streams), streams });
    });
}
