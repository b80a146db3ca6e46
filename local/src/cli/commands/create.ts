/** `s3-bulk-restore create`: start a bulk restore job from a manifest; with `--wait`, follow it to its end. */
import type { Command } from 'commander';
import { createJobBodySchema } from '@s3-bulk-restore/shared';
import type { CreateJobResponse } from '@s3-bulk-restore/shared';
import type { CreateJobInput } from '../api-client.js';
import { JOB_EXIT_CODES, exitCodesHelp } from '../errors.js';
import { integer, positiveNumber } from '../options.js';
import { writeJsonLine } from '../render/ndjson.js';
import { outputModeOf } from '../render/output-mode.js';
import { apiClientOf, processStreams, withApiOptions } from './api-options.js';
import type { ApiFlags } from './api-options.js';
import { followJob } from './follow-job.js';

interface CreateFlags extends ApiFlags {
  bucket: string;
  key: string;
  tier: string;
  days: number;
  tag?: string;
  idempotencyKey?: string;
  wait?: boolean;
  interval: number;
}

// The range is the API's own (its schema), so the flag and the API never disagree.
const DAYS = createJobBodySchema.properties.expiration_days;

export function registerCreateCommand(program: Command): void {
  const command = program
    .command('create')
    .summary('Create a bulk restore job from a manifest (--wait: follow it)')
    .description('Create a bulk restore job (POST /create-job) from a manifest: an S3 Batch Operations CSV of bucket,key[,versionId]')
    .requiredOption('--bucket <bucket>', 'bucket of the manifest')
    .requiredOption('--key <key>', 'key of the manifest')
    .option('--tier <tier>', 'restore tier: BULK or STANDARD', (value: string) => value.toUpperCase(), 'BULK')
    .option('--days <n>', 'days the restored copies stay readable', integer(DAYS.minimum, DAYS.maximum), 1)
    .option('--tag <tag>', 'client tag: a Batch Operations job tag and a notification attribute')
    .option('--idempotency-key <key>', 'a retry with the same key returns the same job, never a second one')
    .option('--wait', 'follow the job until it ends (as `watch`) and exit with its outcome')
    .option('--interval <seconds>', 'with --wait: seconds between two reads of the job', positiveNumber, 2);
  withApiOptions(command)
    .addHelpText('after', exitCodesHelp(JOB_EXIT_CODES))
    .action(async (flags: CreateFlags) => {
      const client = apiClientOf(flags);
      const streams = processStreams();
      const mode = outputModeOf(flags.output, streams);
      const body: CreateJobInput = { bucket: flags.bucket, key: flags.key, tier: flags.tier, expiration_days: flags.days };
      if (flags.tag !== undefined) body.client_tag = flags.tag;
      const created = await client.createJob(body, { idempotencyKey: flags.idempotencyKey });
      if (mode.format === 'human') streams.stdout.write(createdText(created, flags.wait === true));
      else if (!flags.wait) writeJsonLine(streams.stdout, created);
      if (flags.wait) await followJob(client, created.BulkJobId, { intervalMs: flags.interval * 1000, mode, streams });
    });
}

function createdText(created: CreateJobResponse, waiting: boolean): string {
  const head = `Created job ${created.BulkJobId} (Batch Operations job ${created.BatchOperation.JobId}), ${created.Status}.\n`;
  if (waiting) return head;
  return `${head}Notifications: ${created.SNSTopic}\n               ${created.SQSQueue}\nFollow it:     s3-bulk-restore watch ${created.BulkJobId}\n`;
}
