/** `s3-bulk-restore cancel ID`: cancel a job, then follow it to its end (exit 5 once it is Cancelled); `--no-wait` returns at once. */
import type { Command } from 'commander';
import type { JobView } from '@s3-bulk-restore/shared';
import { JOB_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { positiveNumber } from '../options.js';
import { writeJsonLine } from '../render/ndjson.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';
import { followJob } from './follow-job.js';

interface CancelFlags extends ApiFlags {
  wait: boolean;
  interval: number;
}

export function registerCancelCommand(program: Command): void {
  const command = program
    .command('cancel')
    .summary('Cancel a job and follow it until it ends (Cancelled: exit 5)')
    .description(
      'Cancel a job (POST /jobs/{id}/cancel): its Batch Operations job is cancelled and the job ends Cancelled, what was already restored still counted. ' +
        'Then follow it (as `watch`) until it ends and exit with its outcome; a job that has already ended is refused (exit 2).',
    )
    .argument('<job-id>', 'the job (BulkJobId)')
    .option('--no-wait', 'return once the cancel is accepted (exit 0), without following the job')
    .option('--interval <seconds>', 'seconds between two reads of the job', positiveNumber, 2);
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(JOB_EXIT_CODES))
    .action(async (jobId: string, flags: CancelFlags) => {
      const client = apiClientOf(flags);
      const streams = processStreams();
      const mode = outputModeOf(flags.output, streams);
      const accepted = await client.cancelJob(jobId);
      if (mode.format === 'human') streams.stdout.write(acceptedText(accepted, flags.wait));
      else if (!flags.wait) writeJsonLine(streams.stdout, accepted);
      if (flags.wait) await followJob(client, accepted.JobId, { intervalMs: flags.interval * 1000, mode, streams });
    });
}

function acceptedText(view: JobView, waiting: boolean): string {
  const head = `Cancelling job ${view.JobId} (Batch Operations job ${view.BatchJobId}), ${view.Status} until the cancel takes effect.\n`;
  return waiting ? head : `${head}Follow it:     s3-bulk-restore watch ${view.JobId}\n`;
}
