/**
 * The delay from the last restore to the terminal event on the local runner, measured one way for
 * every bench: a job of `objects` GLACIER objects on a scaled clock (14,400×, restores spread over
 * time), wall time from the last `Object Restore Completed` on the runner's bus to the `Finished`
 * notification.
 */
import path from 'node:path';
import { startRunner } from '../local/src/runner/index.js';

export const DELAY_TIME_SCALE = 14_400;

/** The delay in wall-clock milliseconds; the runner's database goes in `dir`. */
export async function localRunnerDelay(dir: string, objects: number): Promise<number> {
  const runner = await startRunner({ db: path.join(dir, 'delay.db'), port: 0, sandbox: { port: 0, timeScale: DELAY_TIME_SCALE }, log: () => undefined });
  try {
    let lastCompleted = 0;
    let finishedAt = 0;
    runner.bus.subscribe('default', { source: ['aws.s3'], 'detail-type': ['Object Restore Completed'] }, async () => {
      lastCompleted = performance.now();
    });
    runner.onNotification((n) => {
      if (n.EventType === 'Finished') finishedAt = performance.now();
    });
    const seeded = (await (
      await fetch(`${runner.s3Endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ bucket: 'bench-restore', count: objects, classes: { GLACIER: 1 }, eventBridge: true }) })
    ).json()) as { manifest: { bucket: string; key: string } };
    const created = await fetch(`${runner.apiUrl}/create-job`, {
      method: 'POST',
      headers: { 'x-api-key': runner.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ bucket: seeded.manifest.bucket, key: seeded.manifest.key, tier: 'BULK', expiration_days: 1 }),
    });
    if (!created.ok) throw new Error(`create-job: ${created.status} ${await created.text()}`);
    const deadline = Date.now() + 600_000;
    while (finishedAt === 0) {
      if (Date.now() > deadline) throw new Error('the local runner job did not finish in 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return finishedAt - lastCompleted;
  } finally {
    await runner.close();
  }
}
