/** `s3-bulk-restore list`: jobs newest first, one page or (`--all`) every page, by status and/or client tag. */
import type { Command } from 'commander';
import type { JobView } from '@s3-bulk-restore/shared';
import { REQUEST_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { integer } from '../options.js';
import { formatJobTable } from '../render/job-table.js';
import { writeJsonLine } from '../render/ndjson.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';

interface ListFlags extends ApiFlags {
  status?: string;
  clientTag?: string;
  limit?: number;
  all?: boolean;
}

export function registerListCommand(program: Command): void {
  const command = program
    .command('list')
    .summary('List jobs, newest first')
    .description('List jobs, newest first: a table on a terminal, one job (JSON) per line otherwise')
    .option('--status <status>', 'only jobs in this status: Preparing, Restoring, Complete, Failed, Cancelled or Timeout')
    .option('--client-tag <tag>', "only jobs created with this client tag (create's --tag), exact match; combines with --status")
    .option('--limit <n>', 'jobs per page (the API allows 1 to 100; default 20)', integer(1, 1_000_000))
    .option('--all', 'follow NextToken through every page');
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(REQUEST_EXIT_CODES))
    .action(async (flags: ListFlags) => {
      const client = apiClientOf(flags);
      const streams = processStreams();
      const ndjson = outputModeOf(flags.output, streams).format === 'ndjson';
      const jobs: JobView[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.listJobs({ status: flags.status, clientTag: flags.clientTag, limit: flags.limit, nextToken });
        // NDJSON streams page by page; the table needs every row first to size its columns.
        if (ndjson) for (const job of page.Jobs) writeJsonLine(streams.stdout, job);
        else jobs.push(...page.Jobs);
        nextToken = page.NextToken;
      } while (flags.all && nextToken);
      if (ndjson) return;
      streams.stdout.write(formatJobTable(jobs));
      if (nextToken) streams.stdout.write('More jobs: add --all to read every page.\n');
    });
}
