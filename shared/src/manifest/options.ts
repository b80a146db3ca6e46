import { ManifestError } from './errors.js';
import { DEFAULT_MAX_BAD_LINES } from './types.js';
import type { ParseManifestOptions } from './types.js';

/** A whole number ≥ `min`, or `Infinity` when allowed; anything else is an options error. */
export function checkCount(name: string, value: number, min: number, allowInfinity: boolean): number {
  const ok = (Number.isSafeInteger(value) && value >= min) || (allowInfinity && value === Infinity);
  if (!ok) {
    throw new ManifestError('InvalidManifestOptions', `${name} must be a whole number of at least ${min}, not ${value}.`, {
      option: name,
      value,
    });
  }
  return value;
}

/** The bad-line allowance, checked. */
export function maxBadLinesOf(options: ParseManifestOptions | undefined): number {
  return checkCount('maxBadLines', options?.maxBadLines ?? DEFAULT_MAX_BAD_LINES, 0, true);
}
