/**
 * The BusPublisher contract: what is published arrives, once, with its source, detail-type and
 * detail intact. `observe` returns the events that reached a subscriber (a rule → queue on moto;
 * the in-process bus later).
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import type { BusPublisher } from '../src/aws/bus.js';

export interface BusHarness {
  publisher: BusPublisher;
  /** Events delivered to a subscriber matching `source` prefix `s3-bulk-restore.`, in arrival order. */
  observe(expected: number): Promise<Array<{ source: string; 'detail-type': string; detail: Record<string, unknown> }>>;
  cleanup(): Promise<void>;
}

export function busPublisherContract(name: string, setup: () => Promise<BusHarness>): void {
  describe(`BusPublisher contract: ${name}`, () => {
    let h: BusHarness;
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(async () => h?.cleanup());

    it('delivers every event (more than one PutEvents chunk) with source, detail-type and detail intact', async () => {
      const events = Array.from({ length: 23 }, (_, i) => ({
        source: 's3-bulk-restore.test',
        detailType: i % 2 ? 'JobProgressed' : 'JobCreated',
        detail: { schemaVersion: 1, n: i, key: `dir/ünï cødé+${i}.bin` },
      }));
      await h.publisher.publish(events);
      const seen = await h.observe(23);
      expect(seen).toHaveLength(23);
      expect(seen.map((e) => (e.detail as { n: number }).n).sort((a, b) => a - b)).toEqual(events.map((e) => e.detail.n));
      const first = seen.find((e) => (e.detail as { n: number }).n === 1)!;
      expect(first.source).toBe('s3-bulk-restore.test');
      expect(first['detail-type']).toBe('JobProgressed');
      expect(first.detail).toEqual({ schemaVersion: 1, n: 1, key: 'dir/ünï cødé+1.bin' });
    });

    it('publishing nothing is a no-op', async () => {
      await expect(h.publisher.publish([])).resolves.toBeUndefined();
    });
  });
}
