/**
 * CLI errors carry their exit code; the one error boundary in main.ts prints one line. This file
 * is the one source of truth for exit codes: the table below feeds every command's `--help`.
 */
/** Exit codes (README, `--help`). */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  badInput: 2,
  completeWithFailures: 3,
  failed: 4,
  cancelled: 5,
  timeout: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, in the words `--help` prints. */
export const EXIT_MEANINGS: Record<ExitCode, string> = {
  [EXIT.ok]: 'success (a job: Complete, no object failed; status: also still running)',
  [EXIT.unexpected]: 'anything else: API unreachable or timing out, a 5xx, an unexpected answer',
  [EXIT.badInput]: 'bad input: a bad flag, no API URL, a 4xx from the API (e.g. unknown job id)',
  [EXIT.completeWithFailures]: 'the job is Complete, but some objects failed',
  [EXIT.failed]: 'the job Failed',
  [EXIT.cancelled]: 'the job was Cancelled',
  [EXIT.timeout]: 'the job ended in Timeout',
};

/** The exit codes of a command that only talks to the API (no job outcome). */
export const REQUEST_EXIT_CODES: readonly ExitCode[] = [EXIT.ok, EXIT.unexpected, EXIT.badInput];
/** The exit codes of a command that ends with a job's outcome. */
export const JOB_EXIT_CODES: readonly ExitCode[] = Object.values(EXIT);

/**
 * The exit-code table for a command's `--help` (commander `addHelpText('after', …)`).
 *
 * @example command.addHelpText('after', exitCodesHelp(JOB_EXIT_CODES))
 */
export function exitCodesHelp(codes: readonly ExitCode[] = JOB_EXIT_CODES): string {
  return `\nExit codes:\n${codes.map((code) => `  ${code}  ${EXIT_MEANINGS[code]}`).join('\n')}\n`;
}

/** CLI errors: a one-line message, an exit code, and a stable code when there is one. */
export class CliError extends Error {
  readonly code: string | undefined;

  constructor(
    message: string,
    readonly exitCode: number,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
  }
}

export function badInput(message: string): CliError {
  return new CliError(message, EXIT.badInput, { code: 'BadInput' });
}

/** The exit code a job's state stands for: 0 while it runs, otherwise its outcome. */
export function exitCodeOfJob(job: { status: string; failedObjects: number }): ExitCode {
  switch (job.status) {
    case 'Complete':
      return job.failedObjects > 0 ? EXIT.completeWithFailures : EXIT.ok;
    case 'Failed':
      return EXIT.failed;
    case 'Cancelled':
      return EXIT.cancelled;
    case 'Timeout':
      return EXIT.timeout;
    default:
      return EXIT.ok;
  }
}

/**
 * A job ended in a state other than "Complete, nothing failed". Not a fault of the CLI: the
 * boundary prints the one-line summary and exits with the outcome's code (3 to 6).
 */
export class JobOutcomeError extends CliError {
  constructor(
    readonly jobId: string,
    readonly status: string,
    exitCode: ExitCode,
    detail: string,
  ) {
    super(`job ${jobId} ended ${status}${detail ? `: ${detail}` : ''}`, exitCode, { code: `Job${status}` });
  }
}
