/**
 * The `s3-bulk-restore` CLI: thin commands over the library, one error boundary that turns every
 * failure into one readable line and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { CliError, EXIT, JOB_EXIT_CODES, exitCodesHelp } from './errors.js';
import { registerDemoCommand } from './demo-command.js';
import { registerSandboxCommand } from './sandbox-command.js';
import { registerStartCommand } from './start-command.js';
// API commands (create, status, list, objects, export, watch, cancel): one register call per file in ./commands.
import { registerCancelCommand } from './commands/cancel.js';
import { registerCreateCommand } from './commands/create.js';
import { registerExportCommand } from './commands/export.js';
import { registerListCommand } from './commands/list.js';
import { registerObjectsCommand } from './commands/objects.js';
import { registerStatusCommand } from './commands/status.js';
import { registerWatchCommand } from './commands/watch.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('s3-bulk-restore')
    .description('Bulk restore jobs for objects in Amazon S3 archive storage')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .addHelpText('after', exitCodesHelp(JOB_EXIT_CODES));
  registerDemoCommand(program);
  registerStartCommand(program);
  registerSandboxCommand(program);
  // API commands
  registerCreateCommand(program);
  registerStatusCommand(program);
  registerListCommand(program);
  registerObjectsCommand(program);
  registerExportCommand(program);
  registerWatchCommand(program);
  registerCancelCommand(program);
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

/** The one error boundary: one line on stderr, never a stack trace. */
function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its one line (or the help text).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version'
      ? EXIT.ok
      : EXIT.badInput;
  }
  if (error instanceof CliError) {
    process.stderr.write(`s3-bulk-restore: ${error.message}\n`);
    return error.exitCode;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`s3-bulk-restore: the port is already in use (${(error as Error).message})\n`);
    return EXIT.unexpected;
  }
  process.stderr.write(`s3-bulk-restore: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.unexpected;
}

process.exitCode = await main(process.argv);
// Leave once the work is done even if a client keeps a socket alive; output is flushed by then.
setTimeout(() => process.exit(), 200).unref();
