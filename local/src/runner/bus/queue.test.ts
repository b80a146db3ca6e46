import { describe, expect, it } from '@jest/globals';
import { LocalQueue } from './queue.js';
import type { LocalQueueOptions, QueueClock, QueueConsumer, QueueRecord } from './queue.js';

/** A clock that moves only when the test says so. */
class ManualClock implements QueueClock {
  private at = 1_700_000_000_000;
  private timers: Array<{ at: number; callback: () => void }> = [];
  now(): number {
    return this.at;
  }
  setTimeout(callback: () => void, ms: number): void {
    this.timers.push({ at: this.at + ms, callback });
  }
  /** Let pending promise callbacks run, then fire timers one due time at a time until `done` settles. */
  async runUntil(done: Promise<void>): Promise<void> {
    let finished = false;
    void done.then(() => (finished = true));
    for (let guard = 0; guard < 1000; guard++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (finished) return;
      const next = this.timers.sort((a, b) => a.at - b.at).shift();
      if (!next) continue; // a consumer still awaiting something: give it another turn
      this.at = Math.max(this.at, next.at);
      next.callback();
    }
    throw new Error('queue never settled');
  }
}

const options = (overrides: Partial<LocalQueueOptions> = {}): LocalQueueOptions => ({
  batchSize: 4,
  maximumBatchingWindowMs: 0,
  visibilityTimeoutMs: 30_000,
  maxReceiveCount: 3,
  ...overrides,
});

function recording(respond: (records: QueueRecord[], call: number) => ReturnType<QueueConsumer> = async () => undefined) {
  const batches: QueueRecord[][] = [];
  const consumer: QueueConsumer = async (records) => {
    batches.push(records);
    return respond(records, batches.length);
  };
  return { batches, consumer };
}

describe('LocalQueue', () => {
  it('delivers ten messages in batches of at most batchSize (4, 4, 2), each once', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock }));
    const { batches, consumer } = recording();
    queue.consume(consumer);

    for (let i = 0; i < 10; i++) queue.send(`m${i}`);
    await clock.runUntil(queue.idle());

    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().map((r) => r.body)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(batches.flat().every((r) => r.receiveCount === 1)).toBe(true);
    expect(queue.depth()).toBe(0);
  });

  it('waits up to the batching window to fill a batch, then delivers what it has', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock, maximumBatchingWindowMs: 1_000 }));
    const { batches, consumer } = recording();
    queue.consume(consumer);
    const start = clock.now();
    let deliveredAt = 0;
    const sent = [queue.send('a'), queue.send('b')];
    void queue.idle().then(() => (deliveredAt = clock.now()));

    await clock.runUntil(queue.idle());

    expect(batches).toEqual([[expect.objectContaining({ messageId: sent[0], body: 'a' }), expect.objectContaining({ messageId: sent[1], body: 'b' })]]);
    expect(deliveredAt - start).toBe(1_000);
  });

  it('deletes the successes of a partial batch failure and redelivers the failed record after the visibility timeout', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock, visibilityTimeoutMs: 5_000 }));
    const { batches, consumer } = recording(async (records, call) =>
      call === 1 ? { batchItemFailures: records.filter((r) => r.body === 'b').map((r) => ({ itemIdentifier: r.messageId })) } : undefined,
    );
    queue.consume(consumer);
    const start = clock.now();
    ['a', 'b', 'c'].forEach((body) => queue.send(body));

    await clock.runUntil(queue.idle());

    expect(batches.map((b) => b.map((r) => `${r.body}#${r.receiveCount}`))).toEqual([['a#1', 'b#1', 'c#1'], ['b#2']]);
    expect(clock.now() - start).toBe(5_000);
    expect(queue.deadLetters()).toEqual([]);
  });

  it('moves a record that keeps failing to the dead-letter list after maxReceiveCount receives', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock, maxReceiveCount: 2 }));
    const { batches, consumer } = recording(async (records) => ({
      batchItemFailures: records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })),
    }));
    queue.consume(consumer);
    const poisonId = queue.send('poison');
    queue.send('fine');

    await clock.runUntil(queue.idle());

    expect(batches.map((b) => b.map((r) => r.body))).toEqual([['poison', 'fine'], ['poison']]);
    expect(queue.deadLetters()).toEqual([{ messageId: poisonId, body: 'poison', receiveCount: 2, error: 'reported in batchItemFailures' }]);
    expect(queue.depth()).toBe(0);
  });

  it('fails the whole batch when the consumer throws, and redelivers every record', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock }));
    const { batches, consumer } = recording(async (_records, call) => {
      if (call === 1) throw new Error('table unavailable');
    });
    queue.consume(consumer);
    queue.send('a');
    queue.send('b');

    await clock.runUntil(queue.idle());

    expect(batches.map((b) => b.map((r) => `${r.body}#${r.receiveCount}`))).toEqual([['a#1', 'b#1'], ['a#2', 'b#2']]);
    expect(queue.deadLetters()).toEqual([]);
  });

  it('dead-letters with the thrown error when the consumer always throws', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock, maxReceiveCount: 3 }));
    queue.consume(async () => {
      throw new Error('boom');
    });
    queue.send('a');

    await clock.runUntil(queue.idle());

    expect(queue.deadLetters()).toEqual([expect.objectContaining({ body: 'a', receiveCount: 3, error: 'boom' })]);
  });

  it('has one batch in flight at a time', async () => {
    const clock = new ManualClock();
    const queue = new LocalQueue('work', options({ clock, batchSize: 1 }));
    let running = 0;
    let most = 0;
    queue.consume(async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    for (let i = 0; i < 5; i++) queue.send(String(i));

    await clock.runUntil(queue.idle());

    expect(most).toBe(1);
  });

  it('is idle with messages waiting when no consumer is attached', async () => {
    const queue = new LocalQueue('work', options({ clock: new ManualClock() }));
    queue.send('a');
    await expect(queue.idle()).resolves.toBeUndefined();
    expect(queue.depth()).toBe(1);
  });

  it('works on the wall clock with small windows', async () => {
    const queue = new LocalQueue('work', options({ maximumBatchingWindowMs: 5, visibilityTimeoutMs: 10 }));
    const { batches, consumer } = recording(async (records, call) => (call === 1 ? { batchItemFailures: [{ itemIdentifier: records[0]!.messageId }] } : undefined));
    queue.consume(consumer);
    queue.send('a');

    await queue.idle();

    expect(batches.map((b) => b.map((r) => r.receiveCount))).toEqual([[1], [2]]);
  });
});
