/**
 * Restored copies expire (S3 deletes the temporary copy after `expiration_days`, and says so with
 * `Object Restore Expired`). The job counts an expired object as restored — it was readable — but
 * tracks the expiry per object and counts the objects whose copy is gone. These rules are the
 * same for every store; each applies the result in the same commit as the object's state.
 *
 * Events arrive late and out of order: an expiry is about the copy whose `expiresAt` it is at or
 * after, so an `Expired` of an old copy arriving after the `Completed` of a new one changes nothing.
 */
import type { ObjectState } from '@s3-bulk-restore/shared';
import type { ObjectEvent } from './ports.js';

/** What an object's expiry fields are, and what they become. */
export interface Expiry {
  expiresAt?: string;
  expiredAt?: string;
}

/**
 * The expiry fields after `events` (applied in order) on an object that ends in `state`.
 *
 * @example
 * nextExpiry('restored', {}, [{ type: 'RestoreCompleted', expiresAt: '2030-01-03T00:00:00Z', … }])
 * // { expiresAt: '2030-01-03T00:00:00Z' }
 */
export function nextExpiry(state: ObjectState, current: Expiry, events: Pick<ObjectEvent, 'type' | 'at' | 'expiresAt'>[]): Expiry {
  let { expiresAt, expiredAt } = current;
  for (const event of events) {
    if (event.type === 'RestoreCompleted' && event.expiresAt && (!expiresAt || Date.parse(event.expiresAt) > Date.parse(expiresAt))) {
      expiresAt = event.expiresAt;
      if (expiredAt && Date.parse(expiresAt) > Date.parse(expiredAt)) expiredAt = undefined;
    } else if (event.type === 'RestoreExpired' && state === 'restored' && !expiredAt && (!expiresAt || Date.parse(event.at) >= Date.parse(expiresAt))) {
      expiredAt = event.at;
    }
  }
  return { ...(expiresAt ? { expiresAt } : {}), ...(expiredAt ? { expiredAt } : {}) };
}

/** How `expired` moves when an object's expiry goes from `before` to `after`: -1, 0 or +1. */
export function expiredDelta(before: Expiry, after: Expiry): number {
  return (after.expiredAt ? 1 : 0) - (before.expiredAt ? 1 : 0);
}
