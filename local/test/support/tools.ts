import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a real client (no shell), never throwing on a non-zero exit. */
export function run(file: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<RunResult> {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) merged[k] = v;
  return new Promise((resolve) => {
    execFile(file, args, { env: merged, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The first of `candidates` that exists on this machine, or undefined. */
export function findTool(...candidates: string[]): string | undefined {
  for (const c of candidates) {
    if (c.startsWith('/')) {
      if (existsSync(c)) return c;
      continue;
    }
    for (const dir of (process.env['PATH'] ?? '').split(':')) {
      if (dir && existsSync(`${dir}/${c}`)) return `${dir}/${c}`;
    }
  }
  return undefined;
}
