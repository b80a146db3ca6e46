import { describe, expect, it } from '@jest/globals';
import { busPublisherContract } from '../../../../shared/test/bus.contract.js';
import { InProcessBus } from './in-process-bus.js';
import type { BusEvent } from './in-process-bus.js';
import { EventPatternError } from './event-pattern.js';
import { LocalQueue } from './queue.js';

const BUS = 's3-bulk-restore-test';
const ours = { source: [{ prefix: 's3-bulk-restore.' }] };

busPublisherContract('in-process bus', async () => {
  const bus = new InProcessBus({ busName: BUS });
  const seen: BusEvent[] = [];
  bus.subscribe(BUS, ours, async (event) => void seen.push(event));
  return {
    publisher: bus,
    async observe(expected) {
      await bus.idle();
      expect(seen.length).toBeLessThanOrEqual(expected);
      return seen;
    },
    cleanup: async () => bus.idle(),
  };
});

describe('InProcessBus', () => {
  it('wraps each event in the EventBridge envelope, time to the second', async () => {
    const bus = new InProcessBus({ busName: BUS, account: '123456789012', region: 'eu-west-1' });
    const seen: BusEvent[] = [];
    bus.subscribe(BUS, ours, async (event) => void seen.push(event));

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCreated', detail: { jobId: 'j1', at: new Date(0) }, time: new Date('2024-05-01T12:00:00.987Z') }]);
    await bus.idle();

    expect(seen).toEqual([
      {
        version: '0',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        'detail-type': 'JobCreated',
        source: 's3-bulk-restore.jobs',
        account: '123456789012',
        time: '2024-05-01T12:00:00Z',
        region: 'eu-west-1',
        resources: [],
        detail: { jobId: 'j1', at: '1970-01-01T00:00:00.000Z' },
      },
    ]);
  });

  it('does not wait for targets: publish resolves while a target is still running', async () => {
    const bus = new InProcessBus({ busName: BUS });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let finished = 0;
    bus.subscribe(BUS, ours, async () => {
      await held;
      finished++;
    });

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCreated', detail: {} }]);
    const finishedAtPublish = finished;
    release();
    await bus.idle();

    expect([finishedAtPublish, finished]).toEqual([0, 1]);
  });

  it('routes by pattern and bus: only the matching subscription gets the event', async () => {
    const bus = new InProcessBus({ busName: BUS });
    const created: string[] = [];
    const progressed: string[] = [];
    const otherBus: string[] = [];
    bus.subscribe(BUS, { 'detail-type': ['JobCreated'] }, async (e) => void created.push(e['detail-type']));
    bus.subscribe(BUS, { 'detail-type': ['JobProgressed'], detail: { percent: [{ numeric: ['>=', 50] }] } }, async (e) => void progressed.push(e['detail-type']));
    bus.subscribe('default', { 'detail-type': ['JobCreated'] }, async (e) => void otherBus.push(e['detail-type']));

    await bus.publish([
      { source: 's3-bulk-restore.jobs', detailType: 'JobCreated', detail: {} },
      { source: 's3-bulk-restore.jobs', detailType: 'JobProgressed', detail: { percent: 10 } },
      { source: 's3-bulk-restore.jobs', detailType: 'JobProgressed', detail: { percent: 60 } },
    ]);
    await bus.idle();

    expect({ created, progressed, otherBus }).toEqual({ created: ['JobCreated'], progressed: ['JobProgressed'], otherBus: [] });
  });

  it('publishes on another bus by name', async () => {
    const bus = new InProcessBus({ busName: BUS });
    const seen: string[] = [];
    bus.subscribe('default', { source: ['aws.s3'] }, async (e) => void seen.push(e['detail-type']));

    await bus.publisherFor('default').publish([{ source: 'aws.s3', detailType: 'Object Restore Completed', detail: {} }]);
    await bus.idle();

    expect(seen).toEqual(['Object Restore Completed']);
  });

  it('retries a throwing function target twice, then records a dead letter with the error', async () => {
    const bus = new InProcessBus({ busName: BUS });
    let attempts = 0;
    const subscription = bus.subscribe(BUS, ours, async function notify() {
      attempts++;
      throw new Error('webhook down');
    });

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCompleted', detail: { jobId: 'j1' } }]);
    await bus.idle();

    expect(attempts).toBe(3);
    expect(bus.deadLetters()).toEqual([
      { subscriptionId: subscription.id, target: 'notify', attempts: 3, error: 'webhook down', event: expect.objectContaining({ detail: { jobId: 'j1' } }) },
    ]);
  });

  it('succeeds on a retry without a dead letter', async () => {
    const bus = new InProcessBus({ busName: BUS });
    let attempts = 0;
    bus.subscribe(BUS, ours, async () => {
      if (++attempts < 3) throw new Error('flaky');
    });

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCompleted', detail: {} }]);
    await bus.idle();

    expect([attempts, bus.deadLetters().length]).toEqual([3, 0]);
  });

  it('sends the event JSON to a queue target, and idle waits for the queue consumer', async () => {
    const bus = new InProcessBus({ busName: BUS });
    const queue = new LocalQueue('tracker', { batchSize: 10, maximumBatchingWindowMs: 0, visibilityTimeoutMs: 10, maxReceiveCount: 3 });
    const bodies: BusEvent[] = [];
    queue.consume(async (records) => void bodies.push(...records.map((r) => JSON.parse(r.body) as BusEvent)));
    bus.subscribe(BUS, ours, queue);

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCreated', detail: { n: 1 } }]);
    await bus.idle();

    expect(bodies).toEqual([expect.objectContaining({ source: 's3-bulk-restore.jobs', 'detail-type': 'JobCreated', detail: { n: 1 } })]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = new InProcessBus({ busName: BUS });
    const seen: BusEvent[] = [];
    bus.subscribe(BUS, ours, async (e) => void seen.push(e)).unsubscribe();

    await bus.publish([{ source: 's3-bulk-restore.jobs', detailType: 'JobCreated', detail: {} }]);
    await bus.idle();

    expect(seen).toEqual([]);
  });

  it('refuses a pattern EventBridge would refuse when subscribing', () => {
    const bus = new InProcessBus({ busName: BUS });
    expect(() => bus.subscribe(BUS, {}, async () => undefined)).toThrow(EventPatternError);
  });
});
