/**
 * Requests-per-second quota over a sliding one-second window of wall-clock time (clients send
 * in real time, whatever the virtual clock's speed).
 */
export class TpsWindow {
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(private readonly wallNow: () => number = Date.now) {}

  /** Count a request; false when `limit` requests were already seen in the last second. */
  allow(limit: number): boolean {
    const now = this.wallNow();
    while (this.head < this.stamps.length && this.stamps[this.head]! <= now - 1000) this.head++;
    if (this.head > 4096) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
    if (this.stamps.length - this.head >= limit) return false;
    this.stamps.push(now);
    return true;
  }
}
