/**
 * The CLI as a user runs it: a real `node local/bin/s3-bulk-restore.js` child process, stdout and
 * stderr pipes (so not a terminal), and an environment without the API settings of the machine
 * running the tests.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/s3-bulk-restore.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  /** Resolves with the first stdout line (seen from now on or before) that `matches` accepts. */
  line(matches: (line: string) => boolean): Promise<string>;
  /** Resolves when the process has exited. */
  done: Promise<CliResult>;
}

/** Start the CLI; `env` adds to (or, with undefined, removes from) the environment. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  const merged: Record<string, string> = {};
  const base = { ...process.env, S3_BULK_RESTORE_API_URL: undefined, S3_BULK_RESTORE_API_KEY: undefined, ...env };
  for (const [k, v] of Object.entries(base)) if (v !== undefined) merged[k] = v;
  const child = spawn(process.execPath, [BIN, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: Array<{ matches: (line: string) => boolean; resolve: (line: string) => void }> = [];
  const lines = () => stdout.split('\n').slice(0, -1);
  const check = () => {
    for (const w of [...waiting]) {
      const found = lines().find(w.matches);
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(found);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
  return {
    line(matches) {
      return new Promise<string>((resolve, reject) => {
        waiting.push({ matches, resolve });
        check();
        void done.then((result) => reject(new Error(`the CLI exited (${result.code}) without that line; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`)));
      });
    },
    done,
  };
}

/** Run the CLI to its end. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** The NDJSON values on stdout, one per line. */
export function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}
