/**
 * The local bus's pattern matcher against moto's EventBridge rule delivery: each pattern becomes a
 * rule on a custom bus with an SQS target; the same events are put on the bus and matched
 * locally; for every pattern the events moto delivered must be the events `compilePattern`
 * matches. moto has no TestEventPattern (it answers an empty body), so delivery is the only way
 * to ask it. Skips when moto_server is absent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { compilePattern } from '../../src/runner/bus/event-pattern.js';
import { readAllServices } from '../../src/wiring/index.js';
import type { EventPattern } from '../../src/wiring/index.js';
import type { MotoServer } from '../../../tools/testing/moto.js';
import { MOTO_MISSING, motoAvailable, startMoto } from '../../../tools/testing/moto.js';

const hasMoto = motoAvailable();
if (!hasMoto) console.warn(`event-pattern-moto.test.ts: ${MOTO_MISSING}`);
const describeMoto = hasMoto ? describe : describe.skip;

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const REGION = 'us-east-1';
const BUS = 'pattern-check';
const TRACKER = 's3-bulk-restore.restore-tracker';
const JOBS = 's3-bulk-restore.jobs';

/** Events as put: `detail.name` says which one arrived. */
const EVENTS: { source: string; detailType: string; detail: Record<string, unknown>; resources?: string[] }[] = [
  { source: TRACKER, detailType: 'JobProgressed', detail: { jobId: 'j1', status: 'DONE', key: 'archive/a.tar', size: 10 } },
  { source: TRACKER, detailType: 'JobFinished', detail: { jobId: 'j2', status: 'FAILED', key: 'archive/sub/b.tar', size: 99999, error: 'boom' } },
  { source: JOBS, detailType: 'JobCreated', detail: { jobId: 'j3', status: 'done', key: 'tmp/c.tar', size: 0, deep: { x: 1 } } },
  { source: TRACKER, detailType: 'JobTrackingReady', detail: { jobId: 'j4', status: 'CANCELLED', key: 'archive/d.zip', size: 1000 } },
  {
    source: 'aws.s3',
    detailType: 'Object Restore Completed',
    detail: { status: 'Done', key: 'x/archive/e.tar', size: 500.5 },
    resources: ['arn:aws:s3:::bkt/x/archive/e.tar'],
  },
  { source: JOBS, detailType: 'JobProgressed', detail: { jobId: 'j6', status: 'RUNNING', key: 'tmp/f.tar.gz', size: -1, error: null, job: 'queued', ip: '10.0.1.7' } },
  { source: 'other.app', detailType: 'JobFinished', detail: { jobId: 'j7', status: ['DONE', 'FAILED'], key: 'ARCHIVE/g.TAR', size: '5' } },
  {
    source: 'aws.s3',
    detailType: 'Object Created',
    detail: { key: 'archive/h.tar', size: 1000.5, job: { status: 'DONE' }, items: [{ k: 'a' }, { k: 'b' }], ip: '10.0.0.7' },
    resources: ['arn:aws:s3:::bkt/archive/h.tar', 'arn:aws:s3:::other'],
  },
  { source: JOBS, detailType: 'JobFinished', detail: { jobId: 'j9', status: 'DONE', key: 'archive/*.tar', size: 5001 } },
  { source: TRACKER, detailType: 'JobProgressed', detail: { jobId: 'j10', status: 'FAILED', size: 7000 } },
  // A command from another system (jobs.onRestoreJobRequested takes any source but ours).
  { source: 'com.example.archive-portal', detailType: 'RestoreJobRequested', detail: { key: 'manifests/m.csv', status: 'NEW' } },
  // POST /jobs/{id}/cancel's request to the tracker (restore-tracker.onJobCancelRequested).
  { source: JOBS, detailType: 'JobCancelRequested', detail: { jobId: 'j12', status: 'CANCELLING' } },
  // The tracker's fan-out to itself (restore-tracker.onManifestRange).
  { source: TRACKER, detailType: 'ManifestRangeRequested', detail: { jobId: 'j13', range: { index: 0, count: 2 } } },
  // S3 Batch Operations' status events (the forward rule takes every JobStatusChanged; onBatchJobStatusChanged only the ending ones).
  {
    source: 'aws.s3',
    detailType: 'AWS Service Event via CloudTrail',
    detail: { eventSource: 's3.amazonaws.com', eventName: 'JobStatusChanged', serviceEventDetails: { jobId: 'b14', status: 'Complete' } },
  },
  {
    source: 'aws.s3',
    detailType: 'AWS Service Event via CloudTrail',
    detail: { eventSource: 's3.amazonaws.com', eventName: 'JobStatusChanged', serviceEventDetails: { jobId: 'b15', status: 'Active' } },
  },
].map((event, i) => ({ ...event, detail: { name: `e${i + 1}`, ...event.detail } }));

const PATTERNS: Record<string, unknown> = {
  prefix: { source: [{ prefix: 's3-bulk-restore.' }] },
  prefixIgnoringCase: { detail: { key: [{ prefix: { 'equals-ignore-case': 'ARCHIVE/' } }] } },
  suffix: { detail: { key: [{ suffix: '.tar' }] } },
  anythingButValue: { detail: { status: [{ 'anything-but': 'FAILED' }] } },
  anythingButList: { detail: { status: [{ 'anything-but': ['FAILED', 'CANCELLED'] }] } },
  anythingButPrefix: { detail: { key: [{ 'anything-but': { prefix: 'tmp/' } }] } },
  exists: { detail: { error: [{ exists: false }], jobId: [{ exists: true }] } },
  numericRange: { detail: { size: [{ numeric: ['>', 0, '<=', 1000] }] } },
  numericEquals: { detail: { size: [{ numeric: ['=', 5001] }] } },
  wildcard: { detail: { key: [{ wildcard: 'archive/*.tar' }] } },
  equalsIgnoreCase: { detail: { status: [{ 'equals-ignore-case': 'done' }] } },
  or: { $or: [{ detail: { size: [{ numeric: ['>', 5000] }] } }, { detail: { status: ['FAILED'] } }] },
  suffixIgnoringCase: { detail: { key: [{ suffix: { 'equals-ignore-case': '.TAR' } }] } },
  anythingButOverArray: { detail: { status: [{ 'anything-but': 'DONE' }] } },
  anythingButPrefixOnNumbers: { detail: { size: [{ 'anything-but': { prefix: '5' } }] } },
  nullValue: { detail: { error: [null] } },
  existsTrueOnNull: { detail: { error: [{ exists: true }] } },
  // "Exists matching only works on leaf nodes": an object-valued field does not exist.
  existsFalseOnObject: { detail: { job: [{ exists: false }] } },
  existsTrueOnObject: { detail: { job: [{ exists: true }] } },
  existsFalseUnderMissingParent: { detail: { deep: { x: [{ exists: false }] } } },
  eventArray: { resources: ['arn:aws:s3:::other'] },
  cidr: { detail: { ip: [{ cidr: '10.0.0.0/24' }] } },
  ...servicePatterns(),
};

/**
 * Where moto 5.2.1 departs from EventBridge, and what it delivers instead. EventBridge descends
 * into arrays of objects (a nested pattern matches when any element matches; see "arrays" in
 * the EventBridge user guide and event-ruler's array handling); moto's matcher does not, so it
 * delivers nothing for this pattern. The local matcher keeps EventBridge's behaviour.
 */
const MOTO_GAPS: Record<string, { pattern: unknown; motoDelivers: string[]; eventBridgeDelivers: string[] }> = {
  nestedPatternIntoArrayOfObjects: { pattern: { detail: { items: { k: ['b'] } } }, motoDelivers: [], eventBridgeDelivers: ['e8'] },
};

/** The patterns the deployment declares, read from serverless.yml as the local runner will. */
function servicePatterns(): Record<string, EventPattern> {
  const patterns: Record<string, EventPattern> = {};
  for (const service of Object.values(readAllServices(REPO))) {
    for (const fn of service.functions) {
      for (const event of fn.events) if (event.kind === 'eventBridge') patterns[`${service.key}.${fn.name}`] = event.pattern;
    }
    for (const rule of service.rules) patterns[`${service.key}.${rule.logicalId}`] = rule.pattern;
  }
  return patterns;
}

describeMoto("event patterns: compilePattern agrees with moto's rule delivery", () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let eventBridge: EventBridgeClient;

  beforeAll(async () => {
    moto = await startMoto();
    const config = { endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    sqs = new SQSClient(config);
    eventBridge = new EventBridgeClient(config);
  });

  afterAll(async () => {
    sqs?.destroy();
    eventBridge?.destroy();
    await moto?.stop();
  });

  it('delivers to each rule exactly the events the local matcher matches', async () => {
    // Arrange: a rule per pattern on a custom bus, each with its own queue.
    const { EventBusArn } = await eventBridge.send(new CreateEventBusCommand({ Name: BUS }));
    const queues: Record<string, string> = {};
    const gapPatterns = Object.fromEntries(Object.entries(MOTO_GAPS).map(([name, gap]) => [name, gap.pattern]));
    for (const [i, [name, pattern]] of Object.entries({ ...PATTERNS, ...gapPatterns }).entries()) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `pattern-${i}` }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await eventBridge.send(new PutRuleCommand({ Name: `pattern-${i}`, EventBusName: EventBusArn, EventPattern: JSON.stringify(pattern) }));
      await eventBridge.send(new PutTargetsCommand({ Rule: `pattern-${i}`, EventBusName: EventBusArn, Targets: [{ Id: 'queue', Arn: Attributes!['QueueArn']! }] }));
      queues[name] = QueueUrl!;
    }

    // Act: PutEvents takes at most 10 entries a call.
    let FailedEntryCount = 0;
    for (let i = 0; i < EVENTS.length; i += 10) {
      const out = await eventBridge.send(
        new PutEventsCommand({
          Entries: EVENTS.slice(i, i + 10).map((e) => ({ EventBusName: BUS, Source: e.source, DetailType: e.detailType, Detail: JSON.stringify(e.detail), Resources: e.resources ?? [] })),
        }),
      );
      FailedEntryCount += out.FailedEntryCount ?? 0;
    }
    const delivered: Record<string, string[]> = {};
    for (const [name, url] of Object.entries(queues)) delivered[name] = (await drain(url)).sort();

    // Assert
    const local = Object.fromEntries(Object.entries(PATTERNS).map(([name, pattern]) => [name, matchLocally(pattern)]));
    expect(FailedEntryCount).toBe(0);
    const { motoGaps, agreed } = splitByGap(delivered);
    expect(agreed).toEqual(local);
    // Where moto departs from EventBridge: moto delivers what MOTO_GAPS says, and we keep EventBridge's answer.
    expect(motoGaps).toEqual(Object.fromEntries(Object.entries(MOTO_GAPS).map(([name, gap]) => [name, gap.motoDelivers])));
    for (const gap of Object.values(MOTO_GAPS)) expect(matchLocally(gap.pattern)).toEqual(gap.eventBridgeDelivers);
    // Every pattern must tell events apart, or the comparison above proves little.
    const undiscriminating = Object.entries(local).filter(([, names]) => names.length === 0 || names.length === EVENTS.length);
    expect(undiscriminating).toEqual([]);
  }, 30_000);

  /** The names of the events the local matcher matches, over the envelope moto builds (PutEvents leaves out `account`). */
  function matchLocally(pattern: unknown): string[] {
    const matches = compilePattern(pattern);
    const envelope = (e: (typeof EVENTS)[number]) => ({
      version: '0', id: 'x', 'detail-type': e.detailType, source: e.source, time: '2026-01-01T00:00:00Z', region: REGION, resources: e.resources ?? [], detail: e.detail,
    });
    return EVENTS.filter((e) => matches(envelope(e))).map((e) => String(e.detail['name'])).sort();
  }

  function splitByGap(delivered: Record<string, string[]>) {
    const entries = Object.entries(delivered);
    return {
      motoGaps: Object.fromEntries(entries.filter(([name]) => name in MOTO_GAPS)),
      agreed: Object.fromEntries(entries.filter(([name]) => !(name in MOTO_GAPS))),
    };
  }

  /** The `detail.name` of every message now in the queue. */
  async function drain(queueUrl: string): Promise<string[]> {
    const names: string[] = [];
    for (;;) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
      if (!Messages || Messages.length === 0) return names;
      for (const m of Messages) names.push(String((JSON.parse(m.Body!) as { detail: { name: unknown } }).detail.name));
    }
  }
});
