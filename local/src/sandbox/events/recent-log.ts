import type { Delivery } from './message.js';

/** The last deliveries made, oldest first, in a fixed-size ring. */
export class RecentLog {
  private readonly items: Delivery[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(delivery: Delivery): void {
    if (this.items.length < this.capacity) this.items.push(delivery);
    else this.items[this.next] = delivery;
    this.next = (this.next + 1) % this.capacity;
  }

  last(limit = 20): Delivery[] {
    const n = Number.isFinite(limit) && limit > 0 ? Math.min(Math.floor(limit), this.items.length) : Math.min(20, this.items.length);
    const ordered = this.items.length < this.capacity ? this.items : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return ordered.slice(ordered.length - n);
  }
}
