/**
 * Deterministic identifiers: the same seed and counter give the same job id, event id and
 * request id on every run, so tests and recorded sessions are reproducible.
 */
import { hash53 } from '../random.js';

/** `n` hex digits drawn from the seed and the parts. */
export function hexFrom(seed: number, n: number, ...parts: Array<string | number>): string {
  const base = parts.join('\u0000');
  let out = '';
  for (let i = 0; out.length < n; i++) {
    out += (hash53(`${base}\u0000${i}`, seed) % 2 ** 48).toString(16).padStart(12, '0');
  }
  return out.slice(0, n);
}

/** A version-4-shaped UUID (36 characters), e.g. Batch Operations job ids and CloudTrail event ids. */
export function uuidFrom(seed: number, ...parts: Array<string | number>): string {
  const h = hexFrom(seed, 32, ...parts);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** S3-style request id (16 upper-case hex) and host id (base64) for a task's restore request. */
export function taskRequestIds(seed: number, jobId: string, index: number): { requestId: string; hostId: string } {
  return {
    requestId: hexFrom(seed, 16, 'request', jobId, index).toUpperCase(),
    hostId: Buffer.from(hexFrom(seed, 96, 'host', jobId, index), 'hex').toString('base64'),
  };
}
