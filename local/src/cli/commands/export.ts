/** `s3-bulk-restore export ID`: a job's readable objects with their restore expiry, every page, to stdout or a file. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { Option } from 'commander';
import { REQUEST_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { integer } from '../options.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';

interface ExportFlags extends ApiFlags {
  format: string;
  file?: string;
  limit?: number;
  includeExpired?: boolean;
}

export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .argument('<id>', 'the job id (BulkJobId)')
    .summary("Export a job's restored objects with their expiry")
    .description(
      "Write every readable object of a job — restored (with when its copy expires), then available (not archived) — following every page: " +
        'csv (bucket,key,version_id,state,expires_at,expired_at with a header), ndjson, or manifest (an S3 Batch Operations CSV manifest, ready for a copy job). ' +
        'Objects whose restored copy has expired are left out unless --include-expired.',
    )
    .addOption(new Option('--format <format>', 'csv, ndjson or manifest').choices(['csv', 'ndjson', 'manifest']).default('csv'))
    .option('--file <path>', 'write to this file instead of stdout')
    .option('--limit <n>', 'objects per request (the API allows 1 to 10,000; default 10,000)', integer(1, 10_000))
    .option('--include-expired', 'also objects whose restored copy has expired');
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(REQUEST_EXIT_CODES))
    .action(async (id: string, flags: ExportFlags) => {
      const client = apiClientOf(flags);
      const file = flags.file ? createWriteStream(flags.file) : undefined;
      // A path that cannot be written is one error line (the CLI's boundary), not a crash.
      if (file) await once(file, 'open');
      const stdout = processStreams().stdout;
      let nextToken: string | undefined;
      do {
        const page = await client.exportPage(id, { format: flags.format, ...(flags.limit ? { limit: flags.limit } : {}), ...(flags.includeExpired ? { includeExpired: true } : {}), ...(nextToken ? { nextToken } : {}) });
        if (!file) stdout.write(page.text);
        else if (!file.write(page.text)) await once(file, 'drain');
        nextToken = page.nextToken;
      } while (nextToken);
      if (file) {
        file.end();
        await once(file, 'close');
      }
    });
}
