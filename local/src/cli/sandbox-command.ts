/** `s3-bulk-restore sandbox`: run the sandbox in the foreground and print how to use it. */
import type { Command } from 'commander';
import type { SandboxOptions } from '../sandbox/index.js';
import { SANDBOX_CREDENTIALS, SANDBOX_REGION } from '../sandbox/clients.js';
import { httpUrl, integer, positiveNumber } from './options.js';

interface SandboxFlags {
  port: number;
  host: string;
  timeScale: number;
  manualClock?: boolean;
  seed: number;
  dataDir?: string;
  eventbridgeEndpoint?: string;
  sqsEndpoint?: string;
}

export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Run the sandbox: S3 archive storage with restores on a virtual clock, restore events, and S3 Batch Operations')
    .option('--port <port>', 'port on the loopback interface', integer(0, 65535), 4566)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <n>', 'virtual seconds per real second (3600: a virtual hour each second)', positiveNumber, 1)
    .option('--manual-clock', 'virtual time moves only through POST /_sandbox/clock/advance')
    .option('--seed <n>', 'seed for restore latencies, version ids and fault injection', integer(0, 2 ** 31 - 1), 1)
    .option('--data-dir <dir>', 'keep state across restarts in this directory (default: memory only)')
    .option('--eventbridge-endpoint <url>', 'send restore and Batch Operations events to this EventBridge endpoint (PutEvents)', httpUrl)
    .option('--sqs-endpoint <url>', 'deliver queue notification records to this SQS endpoint (SendMessage)', httpUrl)
    .action(async (flags: SandboxFlags) => {
      const options: SandboxOptions = {
        port: flags.port,
        host: flags.host,
        timeScale: flags.timeScale,
        clockMode: flags.manualClock ? 'manual' : 'scaled',
        seed: flags.seed,
        dataDir: flags.dataDir,
        destinations: {
          eventBridge: flags.eventbridgeEndpoint ? { endpoint: flags.eventbridgeEndpoint } : undefined,
          sqs: flags.sqsEndpoint ? { endpoint: flags.sqsEndpoint } : undefined,
        },
      };
      const { startSandbox } = await import('../sandbox/index.js');
      const sandbox = await startSandbox(options);
      process.stdout.write(banner(sandbox.endpoint, flags));
      await waitForSignal();
      process.stdout.write('sandbox: stopping\n');
      await sandbox.close();
    });
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

function banner(endpoint: string, flags: SandboxFlags): string {
  const { accessKeyId, secretAccessKey } = SANDBOX_CREDENTIALS;
  const clock = flags.manualClock ? 'manual (advance with POST /_sandbox/clock/advance)' : `${flags.timeScale}x real time`;
  return `s3-bulk-restore sandbox listening on ${endpoint}
  clock:       ${clock}; seed ${flags.seed}; state ${flags.dataDir ? `kept in ${flags.dataDir}` : 'in memory'}
  credentials: AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_DEFAULT_REGION=${SANDBOX_REGION}
  dev API:     ${endpoint}/_sandbox/health

AWS CLI (v2; path-style, any credentials):
  export AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_DEFAULT_REGION=${SANDBOX_REGION}
  aws --endpoint-url ${endpoint} s3api create-bucket --bucket demo
  aws --endpoint-url ${endpoint} s3api put-object --bucket demo --key cold.bin --body README.md --storage-class DEEP_ARCHIVE
  aws --endpoint-url ${endpoint} s3api restore-object --bucket demo --key cold.bin --restore-request '{"Days":1,"GlacierJobParameters":{"Tier":"Bulk"}}'
  aws --endpoint-url ${endpoint} s3api head-object --bucket demo --key cold.bin

rclone (an env-only remote; unset AWS_CA_BUNDLE if your environment sets it):
  export RCLONE_CONFIG_SBX_TYPE=s3 RCLONE_CONFIG_SBX_PROVIDER=Other RCLONE_CONFIG_SBX_ENDPOINT=${endpoint} \\
    RCLONE_CONFIG_SBX_ACCESS_KEY_ID=${accessKeyId} RCLONE_CONFIG_SBX_SECRET_ACCESS_KEY=${secretAccessKey} \\
    RCLONE_CONFIG_SBX_REGION=${SANDBOX_REGION} RCLONE_CONFIG_SBX_FORCE_PATH_STYLE=true
  rclone backend restore sbx:demo -o priority=Bulk -o lifetime=1
  rclone backend restore-status sbx:demo

s3cmd:
  s3cmd --access_key=${accessKeyId} --secret_key=${secretAccessKey} --host=${new URL(endpoint).host} --host-bucket=${new URL(endpoint).host} \\
    --no-ssl --region=${SANDBOX_REGION} restore --recursive --restore-days=1 --restore-priority=bulk s3://demo/

AWS SDK for JavaScript v3 (S3 Control needs the helper: the SDK puts the account id in front of the host):
  import { sandboxS3Client, sandboxS3ControlClient } from '@s3-bulk-restore/local/sandbox/clients';
  const s3 = sandboxS3Client('${endpoint}');
  const control = sandboxS3ControlClient('${endpoint}');

Stop with Ctrl-C.
`;
}
