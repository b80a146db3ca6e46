/** `s3-bulk-restore start`: the local runner in the foreground, and how to call it. */
import path from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Runner, RunnerOptions } from '../runner/index.js';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from '../sandbox/clients.js';
import { badInput } from './errors.js';
import { httpUrl, integer, positiveNumber } from './options.js';

interface StartFlags {
  port: number;
  host: string;
  db: string;
  aws?: boolean;
  sandbox?: boolean;
  sandboxPort: number;
  timeScale?: number;
  apiKey?: string;
  webhook?: string;
  webhookSecret?: string;
  notifications?: string;
  region?: string;
  accountId?: string;
  reportBucket?: string;
  batchRoleArn?: string;
  verbose?: boolean;
}

const DEFAULT_DB = '.s3-bulk-restore/runner.db';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('Run the three services in one process (the local runner) over SQLite, with the sandbox or real S3')
    .option('--port <port>', 'API port on the loopback interface', integer(0, 65535), 3000)
    .option('--host <host>', 'address the API listens on', '127.0.0.1')
    .option('--db <file>', 'the SQLite database: jobs, objects, event log, queued messages; a restart on the same file resumes every job', DEFAULT_DB)
    .addOption(new Option('--sandbox', 'S3 and S3 Batch Operations from the embedded sandbox (the default)').conflicts('aws'))
    .addOption(new Option('--aws', 'real S3 with your credentials (default chain) and region; AWS_ENDPOINT_URL is honoured').conflicts('sandbox'))
    .option('--sandbox-port <port>', 'the sandbox S3 endpoint port', integer(0, 65535), 4566)
    .option('--time-scale <n>', 'sandbox virtual seconds per real second (default 3600: a virtual hour each second)', positiveNumber)
    .option('--api-key <key>', 'the x-api-key the API requires (default: a new random key, printed)')
    .option('--webhook <url>', 'also POST every notification to this URL (JSON, retried with backoff)', httpUrl)
    .option('--webhook-secret <secret>', 'sign webhook requests: x-s3-bulk-restore-signature: sha256=HMAC(secret, timestamp.body)')
    .option('--notifications <file>', 'append every notification to this NDJSON file (default: beside the database)')
    .option('--region <region>', 'with --aws: the region (default AWS_REGION / AWS_DEFAULT_REGION)')
    .option('--account-id <id>', 'with --aws: the account that runs the Batch Operations jobs')
    .option('--report-bucket <bucket>', 'with --aws: where Batch Operations writes completion reports')
    .option('--batch-role-arn <arn>', 'with --aws: the IAM role S3 Batch Operations assumes')
    .option('--verbose', 'log every handled event (JSON lines on stderr)')
    .addHelpText(
      'after',
      `
The API is the deployment's (POST /create-job, GET /jobs/{id}, GET /jobs, …) plus GET /events,
a Server-Sent Events stream of the notifications (?job_id= to follow one job; the key may be
given as ?api_key= for EventSource). Stop with Ctrl-C; start again with the same --db to resume.`,
    )
    .action(async (flags: StartFlags) => {
      const options = runnerOptions(flags);
      // Loaded when the command runs: other commands do not pay for the runner's modules.
      const { startRunner } = await import('../runner/index.js');
      const runner = await startRunner(options);
      process.stdout.write(banner(runner, flags, options));
      await waitForSignal();
      process.stdout.write('s3-bulk-restore: stopping\n');
      await runner.close();
    });
}

/** Flags → runner options, every combination checked before anything starts. */
export function runnerOptions(flags: StartFlags, env: NodeJS.ProcessEnv = process.env): RunnerOptions {
  if (flags.webhookSecret && !flags.webhook) throw badInput('--webhook-secret needs --webhook');
  const notificationsFile = flags.notifications ?? path.join(path.dirname(flags.db), 'notifications.ndjson');
  const log = flags.verbose
    ? (entry: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(entry)}\n`)
    : (entry: Record<string, unknown>) => {
        if (String(entry['level']).toLowerCase() === 'error') process.stderr.write(`${JSON.stringify(entry)}\n`);
      };
  const common = {
    db: flags.db,
    port: flags.port,
    host: flags.host,
    notificationsFile,
    log,
    ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
    ...(flags.webhook ? { webhook: { url: flags.webhook, ...(flags.webhookSecret ? { secret: flags.webhookSecret } : {}) } } : {}),
  };
  if (!flags.aws) {
    for (const name of ['region', 'accountId', 'reportBucket', 'batchRoleArn'] as const) {
      if (flags[name]) throw badInput(`--${kebab(name)} only applies with --aws`);
    }
    return { ...common, sandbox: { port: flags.sandboxPort, timeScale: flags.timeScale ?? 3600 } };
  }
  if (flags.timeScale !== undefined) throw badInput('--time-scale only applies to the sandbox (not with --aws)');
  const region = flags.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (!region) throw badInput('--aws needs a region: --region or AWS_REGION');
  const accountId = flags.accountId;
  if (!accountId || !/^\d{12}$/.test(accountId)) throw badInput('--aws needs --account-id with the 12-digit account id');
  if (!flags.reportBucket) throw badInput('--aws needs --report-bucket (where Batch Operations writes completion reports)');
  if (!flags.batchRoleArn || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(flags.batchRoleArn)) {
    throw badInput('--aws needs --batch-role-arn with the ARN of the role Batch Operations assumes');
  }
  return {
    ...common,
    aws: {
      region,
      accountId,
      reportBucket: flags.reportBucket,
      batchRoleArn: flags.batchRoleArn,
      env: { AWS_ENDPOINT_URL: env['AWS_ENDPOINT_URL'], AWS_ENDPOINT_URL_S3: env['AWS_ENDPOINT_URL_S3'], AWS_ENDPOINT_URL_S3_CONTROL: env['AWS_ENDPOINT_URL_S3_CONTROL'] },
    },
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function banner(runner: Runner, flags: StartFlags, options: RunnerOptions): string {
  const api = runner.apiUrl;
  const s3 = runner.s3Endpoint
    ? `  S3 (sandbox): ${runner.s3Endpoint}   (path-style; AWS_ACCESS_KEY_ID=${SANDBOX_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${SANDBOX_CREDENTIALS.secretAccessKey} region ${SANDBOX_REGION}; clock ${options.sandbox?.timeScale}x)
`
    : `  S3:           AWS, region ${options.aws?.region} (default credential chain)
`;
  const seed = runner.s3Endpoint
    ? `
Seed archived objects and a manifest in the sandbox:
  curl -s -XPOST ${runner.s3Endpoint}/_sandbox/seed -d '{"bucket":"my-archive","count":1000,"eventBridge":true}'
`
    : '';
  return `s3-bulk-restore local runner
  API:          ${api}
  API key:      ${runner.apiKey}
${s3}  database:     ${path.resolve(flags.db)}
  notifications: ${options.notificationsFile}${options.webhook ? ` and ${options.webhook.url}` : ''}; live: ${api}/events
${seed}
Create a job and follow it:
  export S3_BULK_RESTORE_API_URL=${api} S3_BULK_RESTORE_API_KEY=${runner.apiKey}
  npx s3-bulk-restore create --bucket my-archive --key manifests/seed.csv --tier BULK --days 1 --wait
  curl -s -XPOST ${api}/create-job -H "x-api-key: ${runner.apiKey}" -H 'content-type: application/json' \\
    -d '{"bucket":"my-archive","key":"manifests/seed.csv","tier":"BULK","expiration_days":1}'
  curl -sN "${api}/events?api_key=${runner.apiKey}"

Ctrl-C stops; start again with the same --db to resume.
`;
}
