/**
 * Event delivery through the outbox with a callback destination and a manual virtual clock:
 * asynchronous delivery, fault injection (duplicate, drop, delay, reorder) with exact counts,
 * retries, routing to queues, and Batch Operations job events.
 */
import { describe, expect, it } from '@jest/globals';
import { VirtualClock } from '../../src/sandbox/clock.js';
import type { FaultSettings } from '../../src/sandbox/context.js';
import { defaultFaults } from '../../src/sandbox/context.js';
import type { Delivery, EventDestinations } from '../../src/sandbox/events/delivery.js';
import { EventDelivery } from '../../src/sandbox/events/delivery.js';
import type { RestoreEvent } from '../../src/sandbox/events/types.js';
import { Rng } from '../../src/sandbox/random.js';
import type { Bucket, NotificationConfiguration } from '../../src/sandbox/state/model.js';

const START = Date.parse('2026-01-01T00:00:00.000Z');

interface Harness {
  clock: VirtualClock;
  events: EventDelivery;
  faults: FaultSettings['events'];
  received: Delivery[];
  logs: string[];
}

function harness(options: { seed?: number; faults?: Partial<FaultSettings['events']>; callback?: EventDestinations['callback'] } = {}): Harness {
  const clock = new VirtualClock({ mode: 'manual', start: START });
  const faults = { ...defaultFaults().events, ...options.faults };
  const received: Delivery[] = [];
  const logs: string[] = [];
  const seed = options.seed ?? 7;
  const events = new EventDelivery({
    clock,
    seed,
    rng: new Rng(seed),
    accountId: '123456789012',
    region: 'us-east-1',
    faults: () => faults,
    destinations: { callback: options.callback ?? ((d) => void received.push(d)) },
    log: (m) => logs.push(m),
    retry: { attempts: 3, baseDelayMs: 1 },
  });
  return { clock, events, faults, received, logs };
}

const EVENTBRIDGE_ONLY: NotificationConfiguration = { QueueConfigurations: [], EventBridgeEnabled: true };

function restoreEvent(n: number, time: number, notification = EVENTBRIDGE_ONLY): RestoreEvent {
  return {
    name: 'ObjectRestore:Post',
    time,
    bucket: { name: 'bkt', region: 'us-east-1', ownerAccountId: '123456789012' },
    notification,
    object: { key: `k/${n}`, size: n, etag: 'e', sequencer: n.toString(16).padStart(16, '0') },
    requestId: `REQ${n}`,
    hostId: `HOST${n}`,
    requester: '123456789012',
    sourceIp: '127.0.0.1',
    sourceStorageClass: 'GLACIER',
  };
}

/** The object key of an EventBridge delivery, to follow which event arrived. */
function keyOf(delivery: Delivery): string {
  if (delivery.kind !== 'eventbridge') return `sqs:${delivery.queueArn}`;
  return ((delivery.event['detail'] as Record<string, unknown>)['object'] as { key: string }).key;
}

function emitMany(h: Harness, count: number): void {
  for (let n = 0; n < count; n++) h.events.emit(restoreEvent(n, h.clock.now()));
}

describe('EventDelivery', () => {
  it('delivers asynchronously: nothing during emit, everything after flush, in order', async () => {
    const h = harness();

    emitMany(h, 25);
    const duringEmit = h.received.length;
    await h.events.flush();

    expect(duringEmit).toBe(0);
    expect(h.received.map(keyOf)).toEqual(Array.from({ length: 25 }, (_, n) => `k/${n}`));
    expect(h.events.stats()).toEqual({ emitted: 25, delivered: 25, duplicated: 0, dropped: 0, delayed: 0, reordered: 0, failed: 0, pending: 0 });
    expect(h.events.recent(3).map(keyOf)).toEqual(['k/22', 'k/23', 'k/24']);
  });

  it('duplicates every message at duplicateRate 1: a second, identical copy', async () => {
    const h = harness({ faults: { duplicateRate: 1 } });

    emitMany(h, 5);
    await h.events.flush();

    expect(h.received).toHaveLength(10);
    expect(h.received[0]).toEqual(h.received[1]);
    expect(h.events.stats()).toMatchObject({ emitted: 5, duplicated: 5, delivered: 10, pending: 0 });
  });

  it('never sends a dropped message, and counts it', async () => {
    const h = harness({ faults: { dropRate: 1 } });

    emitMany(h, 5);
    await h.events.flush();

    expect(h.received).toHaveLength(0);
    expect(h.events.stats()).toMatchObject({ emitted: 5, dropped: 5, delivered: 0, pending: 0 });
  });

  it('delays on the virtual clock: not delivered before the delay has passed in virtual time', async () => {
    const h = harness({ faults: { delayRate: 1, maxDelayMs: 1 } });

    emitMany(h, 3);
    await h.events.flush();
    const beforeAdvance = h.received.length;
    const pendingBefore = h.events.stats().pending;
    h.clock.advance(1);
    await h.events.flush();

    expect(beforeAdvance).toBe(0);
    expect(pendingBefore).toBe(3);
    expect(h.received).toHaveLength(3);
    expect(h.events.stats()).toMatchObject({ delayed: 3, delivered: 3, pending: 0 });
  });

  it('spreads delays up to maxDelayMs of virtual time', async () => {
    const h = harness({ faults: { delayRate: 1, maxDelayMs: 10_000 } });

    emitMany(h, 50);
    h.clock.advance(5_000);
    await h.events.flush();
    const byHalfway = h.received.length;
    h.clock.advance(5_000);
    await h.events.flush();

    expect(byHalfway).toBeGreaterThan(0);
    expect(byHalfway).toBeLessThan(50);
    expect(h.received).toHaveLength(50);
  });

  it('reorders: a held message goes right after the next one to the same destination', async () => {
    const h = harness();

    h.faults.reorderRate = 1;
    h.events.emit(restoreEvent(1, START));
    h.faults.reorderRate = 0;
    h.events.emit(restoreEvent(2, START));
    h.events.emit(restoreEvent(3, START));
    await h.events.flush();

    expect(h.received.map(keyOf)).toEqual(['k/2', 'k/1', 'k/3']);
    expect(h.events.stats()).toMatchObject({ reordered: 1, delivered: 3 });
  });

  it('releases a held message after maxDelayMs of virtual time when nothing follows it', async () => {
    const h = harness({ faults: { reorderRate: 1, maxDelayMs: 5_000 } });

    h.events.emit(restoreEvent(1, START));
    h.clock.advance(4_999);
    await h.events.flush();
    const beforeLimit = h.received.length;
    h.clock.advance(1);
    await h.events.flush();

    expect(beforeLimit).toBe(0);
    expect(h.received.map(keyOf)).toEqual(['k/1']);
  });

  it('gives exact, reproducible counts for a seeded mix of faults', async () => {
    const run = async () => {
      const h = harness({ seed: 42, faults: { duplicateRate: 0.1, dropRate: 0.05, delayRate: 0.2, maxDelayMs: 1_000, reorderRate: 0.1 } });
      emitMany(h, 200);
      h.clock.advance(1_000);
      await h.events.flush();
      return { stats: h.events.stats(), ids: h.received.map((d) => (d.kind === 'eventbridge' ? d.event['id'] : '')) };
    };

    const first = await run();
    const second = await run();

    const { emitted, dropped, duplicated, delivered, delayed, reordered, failed, pending } = first.stats;
    expect(second).toEqual(first);
    expect(pending).toBe(0);
    expect(failed).toBe(0);
    expect(delivered).toBe(emitted - dropped + duplicated);
    expect(first.ids).toHaveLength(delivered);
    // Pinned for seed 42: the fault draws are part of the sandbox's reproducibility promise.
    expect({ emitted, dropped, duplicated, delayed, reordered, delivered }).toEqual({ emitted: 200, dropped: 9, duplicated: 22, delayed: 36, reordered: 24, delivered: 213 });
  });

  it('retries a failing destination and then delivers', async () => {
    let calls = 0;
    const received: Delivery[] = [];
    const h = harness({
      callback: (d) => {
        calls++;
        if (calls <= 2) throw new Error('temporarily unavailable');
        received.push(d);
      },
    });

    h.events.emit(restoreEvent(1, START));
    await h.events.flush();

    expect(received).toHaveLength(1);
    expect(h.events.stats()).toMatchObject({ delivered: 1, failed: 0 });
  });

  it('gives up after the bounded retries, counts the failure and logs one line', async () => {
    const h = harness({ callback: () => Promise.reject(new Error('destination down')) });

    h.events.emit(restoreEvent(1, START));
    h.events.emit(restoreEvent(2, START));
    await h.events.flush();

    expect(h.events.stats()).toMatchObject({ delivered: 0, failed: 2, pending: 0 });
    const lines = h.logs.filter((l) => l.includes('gave up'));
    expect(lines).toEqual(['events: gave up on 2 callback message(s) after 3 attempts: Error: destination down']);
  });

  it('sends one record per matching queue configuration and none to others', async () => {
    const h = harness();
    const notification: NotificationConfiguration = {
      EventBridgeEnabled: false,
      QueueConfigurations: [
        { Id: 'all', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:all', Events: ['s3:ObjectRestore:*'], FilterRules: [] },
        { Id: 'k1', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:k1', Events: ['s3:ObjectRestore:Post'], FilterRules: [{ Name: 'suffix', Value: '/1' }] },
        { Id: 'done', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:done', Events: ['s3:ObjectRestore:Completed'], FilterRules: [] },
      ],
    };

    h.events.emit(restoreEvent(1, START, notification));
    h.events.emit(restoreEvent(2, START, notification));
    await h.events.flush();

    const arns = h.received.map((d) => (d.kind === 'sqs' ? d.queueArn.split(':').pop() : 'eventbridge'));
    expect(arns.sort()).toEqual(['all', 'all', 'k1']);
    const k1 = h.received.find((d) => d.kind === 'sqs' && d.queueArn.endsWith(':k1'));
    const body = JSON.parse(k1?.kind === 'sqs' ? k1.body : '{}') as { Records: Array<{ s3: { configurationId: string; object: { key: string } } }> };
    expect(body.Records[0]?.s3.configurationId).toBe('k1');
    expect(body.Records[0]?.s3.object.key).toBe('k/1');
  });

  it('fails queue validation when no SQS destination is configured', async () => {
    const h = harness();
    const bucket = { name: 'bkt', region: 'us-east-1' } as Bucket;
    const queues = [{ Id: 'q', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q', Events: ['s3:ObjectRestore:*'], FilterRules: [] }];

    await expect(h.events.validateQueues(bucket, queues, 'REQ', 'HOST')).resolves.toEqual(['arn:aws:sqs:us-east-1:123456789012:q']);
  });

  it('sends Batch Operations job events to EventBridge whatever the bucket configuration', async () => {
    const h = harness();
    h.clock.advance(1_500);

    h.events.emitJobEvent({
      source: 'aws.s3',
      detailType: 'AWS Service Event via CloudTrail',
      time: START + 1_500,
      account: '123456789012',
      region: 'us-east-1',
      resources: [],
      detail: { eventName: 'JobStatusChanged' } as never,
    });
    await h.events.flush();

    expect(h.received).toHaveLength(1);
    expect(h.received[0]).toMatchObject({
      kind: 'eventbridge',
      event: { version: '0', source: 'aws.s3', 'detail-type': 'AWS Service Event via CloudTrail', account: '123456789012', time: '2026-01-01T00:00:01Z', detail: { eventName: 'JobStatusChanged' } },
    });
  });

  it('keeps emit cheap: 20,000 events are filed in well under a second of wall time', async () => {
    const h = harness();

    const started = performance.now();
    emitMany(h, 20_000);
    const emitMs = performance.now() - started;
    await h.events.flush();

    expect(emitMs).toBeLessThan(1_000);
    expect(h.events.stats()).toMatchObject({ delivered: 20_000, pending: 0 });
  });
});
