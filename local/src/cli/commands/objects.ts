/** `s3-bulk-restore objects ID`: a job's objects, optionally in one state; failed ones with S3's code and message. */
import type { Command } from 'commander';
import type { JobObjectList } from '@s3-bulk-restore/shared';
import { REQUEST_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { integer } from '../options.js';
import { writeJsonLine } from '../render/ndjson.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';

interface ObjectsFlags extends ApiFlags {
  state?: string;
  limit?: number;
  all?: boolean;
}

type JobObject = JobObjectList['Objects'][number];

export function registerObjectsCommand(program: Command): void {
  const command = program
    .command('objects')
    .argument('<id>', 'the job id (BulkJobId)')
    .summary("List a job's objects")
    .description("List a job's objects, by state: a line per object on a terminal (bucket, key, state, and for failed ones S3's code and message), one JSON object per line otherwise")
    .option('--state <state>', 'only objects in this state: registered, requested, restoring, restored, available or failed')
    .option('--limit <n>', 'objects per page (the API allows 1 to 1,000; default 100)', integer(1, 1_000_000))
    .option('--all', 'follow NextToken through every page');
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(REQUEST_EXIT_CODES))
    .action(async (id: string, flags: ObjectsFlags) => {
      const client = apiClientOf(flags);
      const streams = processStreams();
      const ndjson = outputModeOf(flags.output, streams).format === 'ndjson';
      let nextToken: string | undefined;
      do {
        const page = await client.listObjects(id, { state: flags.state, limit: flags.limit, nextToken });
        for (const object of page.Objects) {
          if (ndjson) writeJsonLine(streams.stdout, object);
          else streams.stdout.write(`${line(object)}\n`);
        }
        nextToken = page.NextToken;
      } while (flags.all && nextToken);
      if (!ndjson && nextToken) streams.stdout.write('More objects: add --all to read every page.\n');
    });
}

function line(object: JobObject): string {
  const version = object.VersionId ? ` (version ${object.VersionId})` : '';
  const failure = object.Failure ? `  ${object.Failure.Code}: ${object.Failure.Message}` : '';
  return `s3://${object.Bucket}/${object.Key}${version}  ${object.State}${failure}`;
}
