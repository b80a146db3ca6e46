/** How a command prints: for people (a bar, a table) or for programs (NDJSON). */
import type { ProgressStream } from './progress-view.js';

/** `--output`: `auto` is `human` on a terminal and `ndjson` otherwise. */
export const OUTPUT_CHOICES = ['auto', 'human', 'ndjson'] as const;
export type OutputChoice = (typeof OUTPUT_CHOICES)[number];

export interface Streams {
  stdout: ProgressStream;
  stderr: ProgressStream;
}

export interface OutputMode {
  format: 'human' | 'ndjson';
  /** Also draw the progress bar on stderr (NDJSON on stdout was chosen only because stdout is not a terminal). */
  progressOnStderr: boolean;
}

export function outputModeOf(choice: OutputChoice, streams: Streams): OutputMode {
  if (choice !== 'auto') return { format: choice, progressOnStderr: false };
  if (streams.stdout.isTTY) return { format: 'human', progressOnStderr: false };
  return { format: 'ndjson', progressOnStderr: streams.stderr.isTTY === true };
}
