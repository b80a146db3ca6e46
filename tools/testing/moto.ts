/**
 * Start a throwaway `moto_server` for tests that need AWS services the project does not emulate
 * itself (EventBridge, SQS, ...). Tests that need it skip with a clear note when it is absent:
 *
 * @example
 * const hasMoto = motoAvailable();
 * const describeMoto = hasMoto ? describe : describe.skip;
 * if (!hasMoto) console.warn(MOTO_MISSING);
 * let moto: MotoServer;
 * beforeAll(async () => { moto = await startMoto(); });
 * afterAll(() => moto?.stop());
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export const MOTO_MISSING =
  'moto_server is not on PATH (or does not start): skipping the tests that need it. Install it with `pip install "moto[server]"`.';

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: use as the SDK client endpoint for every service. */
  readonly endpoint: string;
  readonly port: number;
  /** `POST /moto-api/reset`: forget every resource (memory is not given back to the OS). */
  reset(): Promise<void>;
  /** Stop the process (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

let available: boolean | undefined;
let command: string[] | undefined;

/**
 * How to start moto: through `moto_server.py` beside this file (moto plus a snapshot-once fix for
 * TransactWriteItems, see that file) when the Python on PATH has moto, else the plain
 * `moto_server`.
 */
function motoCommand(): string[] {
  command ??=
    spawnSync('python3', ['-c', 'import moto.server, moto.dynamodb.models'], { stdio: 'ignore', timeout: 30_000 }).status === 0
      ? ['python3', fileURLToPath(new URL('./moto_server.py', import.meta.url))]
      : ['moto_server'];
  return command;
}

/** Whether `moto_server` is on PATH and runs (checked once per process). */
export function motoAvailable(): boolean {
  available ??= spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  return available;
}

/** Start moto_server on a free loopback port and wait until it answers. */
export async function startMoto(options: { startTimeoutMs?: number } = {}): Promise<MotoServer> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), options.startTimeoutMs ?? 30_000);
    } catch (error) {
      lastError = error; // most likely another process took the port in between: try another one
    }
  }
  throw lastError;
}

async function startOnce(port: number, timeoutMs: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  const [command, ...prefix] = motoCommand();
  const child = spawn(command!, [...prefix, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  // moto logs every request; read the pipes so it never blocks, and keep the tail for errors.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
    }
    if (Date.now() > deadline) {
      await stopProcess(child, exited);
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    port,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    stop: () => stopProcess(child, exited),
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status < 500;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
  if ((await Promise.race([exited, grace])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
