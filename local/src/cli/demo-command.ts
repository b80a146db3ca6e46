/** `s3-bulk-restore demo` (what `npm start` runs): a whole bulk restore on the embedded sandbox. */
import type { Command } from 'commander';
import type { DemoResult } from '../demo/demo.js';
import { CliError, EXIT } from './errors.js';
import { integer, positiveNumber } from './options.js';
import { createProgressView, formatDuration } from './render/progress-view.js';

interface DemoFlags {
  objects: number;
  timeScale: number;
  seed: number;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run a whole bulk restore on the local runner and the embedded sandbox (what `npm start` runs)')
    .option('--objects <n>', 'manifest lines: archived objects, plus ~0.3% not archived and ~0.2% missing keys', integer(1, 1_000_000), 10_000)
    .option('--time-scale <n>', 'virtual seconds per real second (14400: four virtual hours a second, so Deep Archive Bulk fits in ~12 s)', positiveNumber, 14_400)
    .option('--seed <n>', 'seed for the sandbox (restore latencies, keys)', integer(0, 2 ** 31 - 1), 7)
    .addHelpText('after', '\nExit codes: 0 the job reached Complete (the objects the demo seeds to fail are expected), 1 anything else.')
    .action(async (flags: DemoFlags) => {
      const out = process.stdout;
      out.write(`s3-bulk-restore demo: ${flags.objects.toLocaleString('en-US')} objects on the local runner and the sandbox (virtual clock ${flags.timeScale.toLocaleString('en-US')}x)\n`);
      let view: ReturnType<typeof createProgressView> | undefined;
      // Loaded when the command runs: other commands do not pay for the runner's modules.
      const { runDemo } = await import('../demo/demo.js');
      const result = await runDemo({
        objects: flags.objects,
        timeScale: flags.timeScale,
        seed: flags.seed,
        onCreated: (job) => {
          const classes = Object.entries(job.seeded.byClass)
            .map(([name, n]) => `${n.toLocaleString('en-US')} ${name}${name === 'STANDARD' ? ' (not archived)' : ''}`)
            .join(', ');
          const missing = job.seeded.missing === 1 ? '1 key that does not exist' : `${job.seeded.missing} keys that do not exist`;
          out.write(`  seeded s3://${job.bucket}: ${classes}; the manifest also names ${missing}\n`);
          out.write(`  POST /create-job {"bucket":"${job.bucket}","key":"${job.manifestKey}","tier":"BULK","expiration_days":1,"client_tag":"demo"}\n`);
          out.write(`  → job ${job.jobId}, S3 Batch Operations job ${job.batchJobId}\n`);
          view = createProgressView({ stream: out, total: flags.objects, label: 'restoring' });
        },
        onNotification: (notification) => view?.update(notification),
      });
      view?.finish(result.final);
      out.write(report(result, flags));
      if (result.final.Status !== 'Complete') throw new CliError(`the demo job ended ${result.final.Status}, not Complete`, EXIT.unexpected);
    });
}

function report(result: DemoResult, flags: DemoFlags): string {
  const lines = [`\nFinal event (${result.final.Status}):`, JSON.stringify(result.final, null, 2)];
  if (result.failed.length > 0) {
    lines.push(`\nFailed objects (${result.failed.length}):`);
    for (const f of result.failed.slice(0, 20)) lines.push(`  s3://${f.bucket}/${f.key}${f.versionId ? ` (version ${f.versionId})` : ''}  ${f.code}: ${f.message}`);
    if (result.failed.length > 20) lines.push(`  … and ${result.failed.length - 20} more: GET /jobs/${result.job.jobId}/objects?state=failed`);
  }
  if (result.final.AvailableObjects > 0) lines.push(`\nReadable without a restore (not archived): ${result.final.AvailableObjects}`);
  lines.push(
    `\nVirtual time ${formatDuration(result.virtualMs)} in ${(result.wallMs / 1000).toFixed(1)} s of wall time (clock ${flags.timeScale.toLocaleString('en-US')}x).`,
    `Next: \`npx s3-bulk-restore start\` runs the same services as a server you can call (see README).\n`,
  );
  return `${lines.join('\n')}\n`;
}
