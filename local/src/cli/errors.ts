/** CLI errors carry their exit code; the one error boundary in main.ts prints one line. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit codes (README, `--help`). */
export const EXIT = { ok: 0, unexpected: 1, badInput: 2 } as const;

export function badInput(message: string): CliError {
  return new CliError(message, EXIT.badInput);
}
