/**
 * The sandbox's virtual clock. Every restore completion, expiry and Batch Operations step is a
 * task scheduled on it — never a side effect of someone reading an object.
 *
 * Two modes:
 * - `scaled`: virtual time runs `timeScale` times faster than the wall clock
 *   (`timeScale: 3600` → one virtual hour per real second); due tasks run from a real timer.
 * - `manual`: virtual time moves only through {@link VirtualClock.advance} (tests, dev API).
 */
export type ClockMode = 'scaled' | 'manual';

/** A task receives the virtual time it was scheduled for, so what it records is deterministic. */
export type ClockTask = (scheduledAt: number) => void;

export interface Clock {
  /** Current virtual time, epoch milliseconds. */
  now(): number;
  /** Run `task` once virtual time reaches `at` (epoch ms). Returns a handle for {@link cancel}. */
  schedule(at: number, task: ClockTask): number;
  cancel(handle: number): void;
}

export interface VirtualClockOptions {
  /** Virtual epoch ms to start from (default: the wall clock now). */
  start?: number;
  mode?: ClockMode;
  /** Virtual ms per wall ms in `scaled` mode (default 1). */
  timeScale?: number;
  /** Wall clock source in ms, injectable for tests of the clock itself. */
  wallNow?: () => number;
}

interface Entry {
  at: number;
  seq: number;
  task: ClockTask;
}

const MAX_TIMER_MS = 2_147_483_647;

export class VirtualClock implements Clock {
  private mode: ClockMode;
  private scale: number;
  private baseVirtual: number;
  private baseWall: number;
  private readonly wallNow: () => number;
  private readonly heap: Entry[] = [];
  private readonly cancelled = new Set<number>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private running = false;
  private closed = false;
  /** Set while a task runs in manual mode: tasks observe their own scheduled time as "now". */
  private manualNow: number;

  constructor(options: VirtualClockOptions = {}) {
    this.wallNow = options.wallNow ?? (() => performance.timeOrigin + performance.now());
    this.mode = options.mode ?? 'scaled';
    this.scale = options.timeScale ?? 1;
    if (!(this.scale > 0)) throw new RangeError(`timeScale must be > 0, got ${this.scale}`);
    this.baseVirtual = options.start ?? Date.now();
    this.baseWall = this.wallNow();
    this.manualNow = this.baseVirtual;
  }

  now(): number {
    if (this.mode === 'manual') return this.manualNow;
    return Math.floor(this.baseVirtual + (this.wallNow() - this.baseWall) * this.scale);
  }

  get timeScale(): number {
    return this.scale;
  }

  get clockMode(): ClockMode {
    return this.mode;
  }

  /** Number of tasks waiting (cancelled ones excluded once they surface). */
  get pending(): number {
    return this.heap.length - this.cancelled.size;
  }

  schedule(at: number, task: ClockTask): number {
    if (this.closed) return -1;
    const entry: Entry = { at: Math.max(at, 0), seq: ++this.seq, task };
    this.push(entry);
    this.arm();
    return entry.seq;
  }

  cancel(handle: number): void {
    if (this.heap.some((e) => e.seq === handle)) this.cancelled.add(handle);
  }

  /** Switch mode and/or speed without a jump in virtual time. */
  configure(options: { mode?: ClockMode; timeScale?: number }): void {
    const current = this.now();
    if (options.timeScale !== undefined) {
      if (!(options.timeScale > 0)) throw new RangeError(`timeScale must be > 0, got ${options.timeScale}`);
      this.scale = options.timeScale;
    }
    if (options.mode) this.mode = options.mode;
    this.rebase(current);
    this.arm();
  }

  /**
   * Move virtual time forward by `ms`, running every task that falls due, in time order.
   * Works in both modes (in `scaled` mode it is a jump; the clock then keeps running).
   */
  advance(ms: number): number {
    if (!(ms >= 0)) throw new RangeError(`advance needs ms >= 0, got ${ms}`);
    return this.advanceTo(this.now() + ms);
  }

  /** Move virtual time forward to `target` (never backwards), running due tasks. */
  advanceTo(target: number): number {
    const goal = Math.max(target, this.now());
    this.drain(goal, true);
    this.rebase(goal);
    this.arm();
    return goal;
  }

  /** Stop the real timer; scheduled tasks stay in memory but never run. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private rebase(virtualNow: number): void {
    this.baseVirtual = virtualNow;
    this.baseWall = this.wallNow();
    this.manualNow = virtualNow;
  }

  /** Run due tasks up to `until`. With `pinTime`, "now" is each task's own time while it runs. */
  private drain(until: number, pinTime: boolean): void {
    if (this.running) return; // re-entrant advance from a task: the outer loop picks new tasks up
    this.running = true;
    try {
      for (;;) {
        const top = this.heap[0];
        if (!top || top.at > until) break;
        this.pop();
        if (this.cancelled.delete(top.seq)) continue;
        if (pinTime) this.rebase(Math.max(top.at, this.manualNow));
        top.task(top.at);
      }
    } finally {
      this.running = false;
    }
  }

  private arm(): void {
    if (this.closed || this.mode === 'manual') {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    const top = this.heap[0];
    if (!top) return;
    if (this.timer && this.timerAt <= top.at) return;
    if (this.timer) clearTimeout(this.timer);
    const wallDelay = Math.min(Math.max((top.at - this.now()) / this.scale, 0), MAX_TIMER_MS);
    this.timerAt = top.at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.drain(this.now(), false);
      this.arm();
    }, Math.ceil(wallDelay));
    this.timer.unref?.();
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
