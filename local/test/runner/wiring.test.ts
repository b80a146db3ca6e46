/**
 * The local runner is wired from the services' serverless.yml, not from a second copy: every
 * route, event pattern, queue and schedule the deployment declares is present locally, and a
 * pattern changed in a service's configuration changes the local routing with no other edit.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT, startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';
import { readAllServices } from '../../src/wiring/index.js';

const SERVICES = ['jobs', 'restore-tracker', 'notifier'];
const started: Runner[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const runner of started) await runner.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function runnerAt(repoRoot: string): Promise<Runner> {
  const runner = await startRunner({ db: ':memory:', port: 0, repoRoot, sandbox: { clockMode: 'manual' }, log: () => undefined });
  started.push(runner);
  return runner;
}

/** A copy of the configuration (serverless-compose.yml and each serverless.yml) whose sources are the real ones. */
function configurationCopy(edit: (service: string, yaml: string) => string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wiring-'));
  dirs.push(dir);
  cpSync(path.join(REPO_ROOT, 'serverless-compose.yml'), path.join(dir, 'serverless-compose.yml'));
  for (const service of SERVICES) {
    const from = path.join(REPO_ROOT, 'services', service);
    const to = path.join(dir, 'services', service);
    mkdirSync(to, { recursive: true });
    writeFileSync(path.join(to, 'serverless.yml'), edit(service, readFileSync(path.join(from, 'serverless.yml'), 'utf8')));
    symlinkSync(path.join(from, 'src'), path.join(to, 'src'));
  }
  return dir;
}

describe('the local runner wiring', () => {
  it('has every route, event pattern, queue mapping, rule and schedule the services declare', async () => {
    const runner = await runnerAt(REPO_ROOT);
    const services = Object.values(readAllServices(REPO_ROOT, { stage: 'local' }));
    const rules = runner.bus.rules();
    const bus = (ref: string) => (ref === 'custom' ? 's3-bulk-restore-local' : ref);
    let routes = 0;
    for (const service of services) {
      for (const fn of service.functions) {
        const name = `${service.key}/${fn.name}`;
        expect(runner.functions.get(name)?.wiring.handler.file).toBe(fn.handler.file);
        for (const event of fn.events) {
          if (event.kind === 'eventBridge') {
            expect(rules).toContainEqual(expect.objectContaining({ busName: bus(event.bus), pattern: event.pattern, target: `${name}#async` }));
          } else if (event.kind === 'sqs') {
            expect(runner.queues.get(`${service.key}/${event.queueLogicalId}`)).toBeDefined();
          } else if (event.kind === 'schedule') {
            expect(runner.schedules).toContainEqual({ name, everyMs: expect.any(Number) });
            expect(runner.schedules.find((s) => s.name === name)!.everyMs).toBe(Number(/^rate\((\d+) minutes\)$/.exec(event.expression)![1]) * 60_000);
          } else {
            // Present and private: without the key, API Gateway's 403 Forbidden (an unknown route says "Missing Authentication Token").
            const route = event.path.replace(/^\//, '').replace(/\{\w+\}/g, 'some-id');
            const response = await fetch(`${runner.apiUrl}/${route}`, { method: event.method.toUpperCase() });
            expect({ route, status: response.status, body: await response.json() }).toEqual({ route, status: 403, body: { message: event.private ? 'Forbidden' : expect.any(String) } });
            routes += 1;
          }
        }
      }
      for (const rule of service.rules) {
        for (const target of rule.targets) {
          const expected = target.kind === 'sqs' ? `${service.key}/${target.queueLogicalId}` : target.kind === 'bus' ? `bus:${bus(target.bus)}` : undefined;
          expect(rules).toContainEqual({ id: expect.any(String), busName: bus(rule.bus), pattern: rule.pattern, target: expected });
        }
      }
    }
    expect(routes).toBeGreaterThanOrEqual(3);
    const unknown = await fetch(`${runner.apiUrl}/no-such-route`, { headers: { 'x-api-key': runner.apiKey } });
    expect(unknown.status).toBe(403);
  });

  it('routes by the pattern in serverless.yml: narrowing the notifier rule stops JobProgressed reaching it, nothing else edited', async () => {
    const narrowed = configurationCopy((service, yaml) =>
      service === 'notifier' ? yaml.replace("detail-type: ['JobCreated', 'JobProgressed', 'JobFinished']", "detail-type: ['JobCreated', 'JobFinished']") : yaml,
    );
    expect(readFileSync(path.join(narrowed, 'services/notifier/serverless.yml'), 'utf8')).toContain("detail-type: ['JobCreated', 'JobFinished']");
    const event = { source: 's3-bulk-restore.restore-tracker', detailType: 'JobProgressed', detail: { JobId: 'job-1' } };

    const original = await runnerAt(REPO_ROOT);
    const changed = await runnerAt(narrowed);
    for (const runner of [original, changed]) {
      // Stop the consumers from taking the message before the depth is read: route synchronously.
      runner.bus.publishTo('s3-bulk-restore-local', [event]);
    }
    expect(original.queues.get('notifier/onJobEvent#async')!.depth()).toBe(1);
    expect(changed.queues.get('notifier/onJobEvent#async')!.depth()).toBe(0);
    // The rest of the routing is untouched: the jobs read model still gets it in both.
    expect(original.queues.get('jobs/onTrackerEvent#async')!.depth()).toBe(1);
    expect(changed.queues.get('jobs/onTrackerEvent#async')!.depth()).toBe(1);
  });
});
