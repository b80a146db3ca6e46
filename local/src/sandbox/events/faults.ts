/**
 * Fault injection for event delivery, drawn from the sandbox's seeded generator so a run is
 * reproducible. S3 promises at-least-once delivery with no ordering (aws-facts §5.4); these knobs
 * make the duplicates, delays and reordering happen on purpose. Dropping is beyond what S3
 * promises, for testing reconciliation.
 */
import type { FaultSettings } from '../context.js';
import type { Rng } from '../random.js';

export interface FaultPlan {
  drop: boolean;
  duplicate: boolean;
  /** Virtual ms after the event time; 0 = on time. */
  delayMs: number;
  /** Hold the message back until the next one to the same destination has gone. */
  reorder: boolean;
}

export const NO_FAULTS: FaultPlan = { drop: false, duplicate: false, delayMs: 0, reorder: false };

/**
 * Decide the fate of one message. Draws happen in a fixed order (drop, duplicate, delay,
 * reorder), and only for knobs that are on, so a given seed and settings give one sequence.
 */
export function planFaults(rng: Rng, settings: FaultSettings['events']): FaultPlan {
  const { dropRate, duplicateRate, delayRate, maxDelayMs, reorderRate } = settings;
  if (dropRate <= 0 && duplicateRate <= 0 && delayRate <= 0 && reorderRate <= 0) return NO_FAULTS;
  if (rng.chance(dropRate)) return { ...NO_FAULTS, drop: true };
  const duplicate = rng.chance(duplicateRate);
  const delayMs = maxDelayMs >= 1 && rng.chance(delayRate) ? rng.int(1, Math.floor(maxDelayMs)) : 0;
  const reorder = rng.chance(reorderRate);
  return { drop: false, duplicate, delayMs, reorder };
}
