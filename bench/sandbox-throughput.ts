/**
 * Sandbox throughput: RestoreObject and HeadObject requests per second at concurrency 64 from
 * AWS SDK v3 clients, and Batch Operations tasks per second. The baseline, run in the same
 * invocation, is a bare node:http server answering the same SDK calls with a fixed response:
 * the ceiling of the SDK + HTTP stack on this machine, so figures are comparable across noisy
 * machines as a ratio.
 *
 *   npm run bench:sandbox [-- --seconds 5 --objects 20000 --batch-tasks 100000]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { HeadObjectCommand, RestoreObjectCommand } from '@aws-sdk/client-s3';
import { CreateJobCommand, DescribeJobCommand } from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startSandbox } from '../local/src/sandbox/index.js';
import { sandboxS3Client, sandboxS3ControlClient } from '../local/src/sandbox/clients.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    objects: { type: 'string', default: '20000' },
    'batch-tasks': { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const SECONDS = Number(values.seconds);
const OBJECTS = Number(values.objects);
const BATCH_TASKS = Number(values['batch-tasks']);
const CONCURRENCY = Number(values.concurrency);

function client(endpoint: string) {
  return sandboxS3Client(endpoint, {
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: CONCURRENCY }) }),
  });
}

/** Run `call(i)` with `CONCURRENCY` workers until `limit` calls or `SECONDS` elapse. */
async function drive(call: (i: number) => Promise<unknown>, limit = Infinity): Promise<{ rps: number; calls: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline && next < limit) {
        const i = next++;
        try {
          await call(i);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { rps: next / elapsed, calls: next, errors };
}

async function baseline(): Promise<{ head: number; restore: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 202 : 200, { 'x-amz-storage-class': 'GLACIER', 'content-length': 0, etag: '"0"' });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const s3 = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const head = await drive(() => s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'k' })));
  const restore = await drive(() => s3.send(new RestoreObjectCommand({ Bucket: 'b', Key: 'k', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } })));
  s3.destroy();
  server.closeAllConnections();
  server.close();
  return { head: head.rps, restore: restore.rps };
}

async function sandboxRequests(): Promise<{ head: number; restore: number; restoreCalls: number; errors: number }> {
  const sandbox = await startSandbox({ clockMode: 'manual', faults: { restore: { maxRestoreTps: 1e9 } }, log: () => undefined });
  const res = await fetch(`${sandbox.endpoint}/_sandbox/seed`, {
    method: 'POST',
    body: JSON.stringify({ bucket: 'bench', count: OBJECTS, prefix: 'o/', awkwardShare: 0, classes: { GLACIER: 1 } }),
  });
  if (res.status !== 201) throw new Error(`seed failed: ${await res.text()}`);
  const keys = Array.from({ length: OBJECTS }, (_, i) => `o/object-${String(i).padStart(8, '0')}.bin`);
  const s3 = client(sandbox.endpoint);
  const head = await drive((i) => s3.send(new HeadObjectCommand({ Bucket: 'bench', Key: keys[i % OBJECTS]! })));
  // Every RestoreObject goes to a fresh object (202 Accepted), as a bulk initiator sends them.
  const restore = await drive(
    (i) => s3.send(new RestoreObjectCommand({ Bucket: 'bench', Key: keys[i]!, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } })),
    OBJECTS,
  );
  s3.destroy();
  await sandbox.close();
  return { head: head.rps, restore: restore.rps, restoreCalls: restore.calls, errors: head.errors + restore.errors };
}

async function batchTasks(): Promise<{ tasksPerSecond: number; tasks: number; seconds: number }> {
  // Tasks run on the virtual clock at `batchTasksPerSecond` per virtual second; set it far above
  // AWS's ~1,000/s so that the machine, not the model, is the limit being measured.
  const sandbox = await startSandbox({ clockMode: 'manual', batchTasksPerSecond: 1_000_000, log: () => undefined });
  const seed = (await (
    await fetch(`${sandbox.endpoint}/_sandbox/seed`, {
      method: 'POST',
      body: JSON.stringify({ bucket: 'batch', count: BATCH_TASKS, awkwardShare: 0.05, classes: { GLACIER: 0.5, DEEP_ARCHIVE: 0.5 } }),
    })
  ).json()) as { manifest: { arn: string; etag: string } };
  const control = sandboxS3ControlClient(sandbox.endpoint);
  const AccountId = sandbox.context.accountId;
  const { JobId } = await control.send(
    new CreateJobCommand({
      AccountId,
      ConfirmationRequired: false,
      Operation: { S3InitiateRestoreObject: { ExpirationInDays: 1, GlacierJobTier: 'BULK' } },
      Manifest: { Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] }, Location: { ObjectArn: seed.manifest.arn, ETag: seed.manifest.etag } },
      Report: { Enabled: false },
      Priority: 10,
      RoleArn: `arn:aws:iam::${AccountId}:role/batch-restore`,
    }),
  );
  const started = performance.now();
  let status = '';
  let done = 0;
  while (status !== 'Complete' && status !== 'Failed') {
    sandbox.clock.advance(1000);
    await new Promise((r) => setImmediate(r));
    const job = (await control.send(new DescribeJobCommand({ AccountId, JobId }))).Job;
    status = job?.Status ?? '';
    done = (job?.ProgressSummary?.NumberOfTasksSucceeded ?? 0) + (job?.ProgressSummary?.NumberOfTasksFailed ?? 0);
  }
  const seconds = (performance.now() - started) / 1000;
  control.destroy();
  await sandbox.close();
  if (status !== 'Complete') throw new Error(`batch job ended ${status}`);
  return { tasksPerSecond: done / seconds, tasks: done, seconds };
}

const base = await baseline();
const sb = await sandboxRequests();
const batch = await batchTasks();
const f = (n: number) => Math.round(n).toLocaleString('en-US');
const r = (a: number, b: number) => (a / b).toFixed(2);
process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}
concurrency ${CONCURRENCY}, ${SECONDS} s per measurement, ${f(OBJECTS)} objects

| measurement | sandbox | baseline (bare node:http, same SDK calls) | ratio |
| --- | ---: | ---: | ---: |
| HeadObject requests/s | ${f(sb.head)} | ${f(base.head)} | ${r(sb.head, base.head)} |
| RestoreObject requests/s (202, fresh objects; ${f(sb.restoreCalls)} calls) | ${f(sb.restore)} | ${f(base.restore)} | ${r(sb.restore, base.restore)} |
| Batch Operations restore tasks/s (${f(batch.tasks)} tasks in ${batch.seconds.toFixed(1)} s) | ${f(batch.tasksPerSecond)} | — | — |

errors during the request runs: ${sb.errors}
`);
