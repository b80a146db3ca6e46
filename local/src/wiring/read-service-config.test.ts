import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from '@jest/globals';
import { readAllServices, readServiceConfig, WiringError } from './index.js';
import type { FunctionEvent, FunctionWiring, ServiceWiring } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serviceDir = (name: string): string => path.join(repoRoot, 'services', name);

const S3_RESTORE_PATTERN = {
  source: ['aws.s3'],
  'detail-type': ['Object Restore Initiated', 'Object Restore Completed', 'Object Restore Expired'],
};

function fn(service: ServiceWiring, name: string): FunctionWiring {
  const found = service.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name} in ${service.service}`);
  return found;
}

function onlyEvent(f: FunctionWiring): FunctionEvent {
  expect(f.events).toHaveLength(1);
  return f.events[0] as FunctionEvent;
}

describe('readServiceConfig on the real restore-tracker config', () => {
  const tracker = readServiceConfig(serviceDir('restore-tracker'));

  test('onRestoreEvents takes batches of 100 from RestoreEventsQueue with partial batch failures', () => {
    const onRestoreEvents = fn(tracker, 'onRestoreEvents');

    expect(onlyEvent(onRestoreEvents)).toEqual({
      kind: 'sqs',
      queueLogicalId: 'RestoreEventsQueue',
      batchSize: 100,
      maximumBatchingWindow: 5,
      reportBatchItemFailures: true,
    });
    expect(onRestoreEvents.handler).toEqual({
      file: path.join(serviceDir('restore-tracker'), 'src/handlers/on-restore-events.ts'),
      exportName: 'handler',
      declared: 'src/handlers/on-restore-events.handler',
    });
  });

  test('RestoreEventsQueue redrives to its DLQ after 5 receives and outlasts six function timeouts', () => {
    const queue = tracker.queues.find((q) => q.logicalId === 'RestoreEventsQueue');
    const timeout = fn(tracker, 'onRestoreEvents').timeoutSeconds;

    expect(queue?.redrive).toEqual({ deadLetterQueueLogicalId: 'RestoreEventsDLQ', maxReceiveCount: 5 });
    expect(queue?.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * timeout + 5);
    expect(tracker.queues.find((q) => q.logicalId === 'RestoreEventsDLQ')?.isDeadLetterQueue).toBe(true);
  });

  test('S3 restore events go default bus → custom bus → RestoreEventsQueue with the same pattern', () => {
    const forward = tracker.rules.find((r) => r.bus === 'default');
    const toQueue = tracker.rules.find((r) => r.bus === 'custom');

    expect(forward).toMatchObject({ pattern: S3_RESTORE_PATTERN, targets: [{ kind: 'bus', bus: 'custom' }] });
    expect(toQueue).toMatchObject({ pattern: S3_RESTORE_PATTERN, targets: [{ kind: 'sqs', queueLogicalId: 'RestoreEventsQueue' }] });
  });

  test('onJobCreated listens for JobCreated from jobs on the custom bus, with 15 minutes and 1 GB', () => {
    const onJobCreated = fn(tracker, 'onJobCreated');

    expect(onlyEvent(onJobCreated)).toMatchObject({
      kind: 'eventBridge',
      bus: 'custom',
      pattern: { source: ['s3-bulk-restore.jobs'], 'detail-type': ['JobCreated'] },
      ruleName: 's3-bulk-restore-tracker-dev-on-job-created',
    });
    expect([onJobCreated.timeoutSeconds, onJobCreated.memoryMb]).toEqual([900, 1024]);
    expect(onJobCreated.onFailureQueueLogicalId).toBe('FailedEventsDLQ');
  });

  test('listObjects is a private GET /jobs/{id}/objects, within API Gateway\'s 29 s (the API itself is jobs\', under provider.apiGateway)', () => {
    const listObjects = fn(tracker, 'listObjects');

    expect(onlyEvent(listObjects)).toEqual({ kind: 'http', method: 'GET', path: '/jobs/{id}/objects', private: true });
    expect(listObjects.handler.file).toBe(path.join(serviceDir('restore-tracker'), 'src/handlers/list-objects.ts'));
    expect(listObjects.timeoutSeconds).toBeLessThanOrEqual(29);
  });

  test('onJobCancelRequested listens for JobCancelRequested from jobs on the custom bus', () => {
    const onCancel = fn(tracker, 'onJobCancelRequested');

    expect(onlyEvent(onCancel)).toMatchObject({
      kind: 'eventBridge',
      bus: 'custom',
      pattern: { source: ['s3-bulk-restore.jobs'], 'detail-type': ['JobCancelRequested'] },
      ruleName: 's3-bulk-restore-tracker-dev-on-cancel-requested',
    });
    expect(onCancel.onFailureQueueLogicalId).toBe('FailedEventsDLQ');
  });

  test('pollBatchJobs runs every five minutes', () => {
    expect(onlyEvent(fn(tracker, 'pollBatchJobs'))).toEqual({ kind: 'schedule', expression: 'rate(5 minutes)' });
  });

  test('the tracker tables carry the documented keys and the sparse active-jobs index', () => {
    const progress = tracker.tables.find((t) => t.logicalId === 'ProgressTable');

    expect(tracker.tables.map((t) => t.logicalId)).toEqual(['ObjectsTable', 'EventLogTable', 'ProgressTable']);
    expect(progress?.indexes).toEqual([
      { name: 'GSI1', partitionKey: { name: 'activePk', type: 'S' }, sortKey: { name: 'activeSk', type: 'S' } },
    ]);
  });
});

describe('readServiceConfig on the real jobs and notifier configs', () => {
  const jobs = readServiceConfig(serviceDir('jobs'));
  const notifier = readServiceConfig(serviceDir('notifier'));

  test('the jobs API has private routes of its own, and exports what restore-tracker adds its route with', () => {
    const routes = jobs.functions.flatMap((f) => f.events.filter((e) => e.kind === 'http').map((e) => ({ ...e, fn: f.name })));

    expect(routes).toEqual([
      { kind: 'http', method: 'POST', path: '/create-job', private: true, fn: 'createJob' },
      { kind: 'http', method: 'GET', path: '/jobs/{id}', private: true, fn: 'getJob' },
      { kind: 'http', method: 'POST', path: '/jobs/{id}/cancel', private: true, fn: 'cancelJob' },
      { kind: 'http', method: 'GET', path: '/jobs', private: true, fn: 'listJobs' },
      { kind: 'http', method: 'GET', path: '/openapi.json', private: true, fn: 'getOpenApi' },
    ]);
    expect(jobs.outputs).toEqual(
      expect.arrayContaining(['RestApiId', 'RestApiRootResourceId', 'JobResourceId'].map((key) => ({ key, exportName: `s3-bulk-restore-dev-${key}` }))),
    );
  });

  test('jobs references the bus it owns as the custom bus', () => {
    expect(onlyEvent(fn(jobs, 'onTrackerEvent'))).toMatchObject({
      kind: 'eventBridge',
      bus: 'custom',
      pattern: { source: ['s3-bulk-restore.restore-tracker'], 'detail-type': ['JobTrackingReady', 'JobProgressed', 'JobFinished'] },
    });
  });

  test('each service hands its functions exactly the documented environment variables', () => {
    const names = (s: ServiceWiring): string[] => Object.keys(s.environment).filter((n) => n !== 'NODE_OPTIONS').sort();

    expect(names(jobs)).toEqual(
      ['ACCOUNT_ID', 'BATCH_ROLE_ARN', 'EVENT_BUS_NAME', 'JOBS_TABLE', 'NOTIFICATION_QUEUE_URL', 'NOTIFICATION_TOPIC_ARN', 'REPORT_BUCKET', 'STAGE'],
    );
    expect(names(readServiceConfig(serviceDir('restore-tracker')))).toEqual(
      ['ACCOUNT_ID', 'COUNTER_SHARDS', 'EVENT_BUS_NAME', 'EVENT_LOG_TABLE', 'OBJECTS_TABLE', 'PROGRESS_TABLE', 'REGISTRATION_RANGE_KIB', 'SWEEP_AFTER_MINUTES', 'TIMEOUT_MARGIN_HOURS'],
    );
    expect(names(notifier)).toEqual(['EVENT_BUS_NAME', 'NOTIFICATION_QUEUE_URL', 'NOTIFICATION_TOPIC_ARN', 'NOTIFIER_TABLE']);
    expect(notifier.environment['EVENT_BUS_NAME']).toEqual({ kind: 'import', exportName: 's3-bulk-restore-dev-BusName' });
    expect(fn(jobs, 'createJob').environment['JOBS_TABLE']).toEqual({ kind: 'resource', logicalId: 'JobsTable' });
  });

  test('the notifier listens for job events from both producers', () => {
    expect(onlyEvent(fn(notifier, 'onJobEvent'))).toMatchObject({
      bus: 'custom',
      pattern: {
        source: ['s3-bulk-restore.jobs', 's3-bulk-restore.restore-tracker'],
        'detail-type': ['JobCreated', 'JobProgressed', 'JobFinished'],
      },
    });
  });

  test('the stage option reaches every name built from ${sls:stage}', () => {
    const prod = readServiceConfig(serviceDir('notifier'), { stage: 'prod' });

    expect(prod.topics).toEqual([{ logicalId: 'NotificationTopic', topicName: 's3-bulk-restore-prod-notifications' }]);
    expect(prod.outputs.map((o) => o.exportName)).toContain('s3-bulk-restore-prod-NotificationQueueUrl');
  });
});

describe('readAllServices', () => {
  test('lists the three services in compose order with their deploy dependencies', () => {
    const all = readAllServices(repoRoot);

    expect(Object.entries(all).map(([key, s]) => [key, s.service, s.dependsOn])).toEqual([
      ['jobs', 's3-bulk-restore-jobs', []],
      ['restore-tracker', 's3-bulk-restore-restore-tracker', ['jobs']],
      ['notifier', 's3-bulk-restore-notifier', ['restore-tracker']],
    ]);
  });
});

describe('a modified copy of a config', () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  function copyOfTracker(edit: (yaml: string) => string): string {
    scratch = mkdtempSync(path.join(tmpdir(), 'wiring-'));
    const original = readFileSync(path.join(serviceDir('restore-tracker'), 'serverless.yml'), 'utf8');
    const edited = edit(original);
    expect(edited).not.toBe(original);
    writeFileSync(path.join(scratch, 'serverless.yml'), edited);
    return scratch;
  }

  test('changes the parsed pattern and batch size, so nothing is retyped elsewhere', () => {
    const dir = copyOfTracker((yaml) =>
      yaml.replace("detail-type: ['JobCreated']", "detail-type: ['JobCreated', 'JobResubmitted']").replace('batchSize: 100', 'batchSize: 25'),
    );

    const tracker = readServiceConfig(dir);

    expect(onlyEvent(fn(tracker, 'onJobCreated'))).toMatchObject({
      pattern: { 'detail-type': ['JobCreated', 'JobResubmitted'] },
    });
    expect(onlyEvent(fn(tracker, 'onRestoreEvents'))).toMatchObject({ batchSize: 25 });
    expect(fn(tracker, 'onRestoreEvents').handler.file).toBe(path.join(dir, 'src/handlers/on-restore-events.ts'));
  });

  test('an SQS event on a queue the service does not declare is a WiringError naming the place', () => {
    const dir = copyOfTracker((yaml) => yaml.replace('arn: !GetAtt RestoreEventsQueue.Arn', 'arn: arn:aws:sqs:us-east-1:123456789012:elsewhere'));

    expect(() => readServiceConfig(dir)).toThrow(WiringError);
    expect(() => readServiceConfig(dir)).toThrow(/functions\.onRestoreEvents\.events\[0\]\.sqs\.arn/);
  });

  test('a handler without an export name is a WiringError', () => {
    const dir = copyOfTracker((yaml) => yaml.replace('handler: src/handlers/poll-batch-jobs.handler', 'handler: pollBatchJobs'));

    expect(() => readServiceConfig(dir)).toThrow(/functions\.pollBatchJobs\.handler: expected <module path>\.<export>/);
  });
});
