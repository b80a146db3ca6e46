/**
 * Bytes per state. A manifest names objects without their sizes; S3's restore events carry the
 * object's size and the sweep's listing shows it. The first event that carries a size gives the
 * object its size, and from then on the object's bytes count in its state, moving with it. The
 * rules are the same for every store; each applies the result in the same commit as the state.
 */
import type { ObjectCounts, ObjectState } from '@s3-bulk-restore/shared';
import type { ObjectEvent } from './ports.js';

/** The object's size after `events`: the one it had, else the first event's that carries one. */
export function nextSize(current: number | undefined, events: Pick<ObjectEvent, 'size'>[]): number | undefined {
  return current ?? events.find((e) => e.size !== undefined)?.size;
}

/**
 * How `bytes` moves when an object goes from (`fromState`, `fromSize`) to (`toState`, `toSize`).
 *
 * @example bytesDelta('restoring', 10, 'restored', 10) // { restoring: -10, restored: 10 }
 * @example bytesDelta('registered', undefined, 'restored', 10) // { restored: 10 }
 */
export function bytesDelta(fromState: ObjectState, fromSize: number | undefined, toState: ObjectState, toSize: number | undefined): Partial<ObjectCounts> {
  const delta: Partial<ObjectCounts> = {};
  if (fromSize !== undefined) delta[fromState] = -fromSize;
  if (toSize !== undefined) delta[toState] = (delta[toState] ?? 0) + toSize;
  for (const state of Object.keys(delta) as ObjectState[]) if (delta[state] === 0) delete delta[state];
  return delta;
}
