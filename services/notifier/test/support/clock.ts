/** A clock tests move by hand; nothing waits on the wall clock. */
export class ManualClock {
  private current: number;

  constructor(start = '2026-11-26T18:00:00.000Z') {
    this.current = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current += ms;
  }
}
