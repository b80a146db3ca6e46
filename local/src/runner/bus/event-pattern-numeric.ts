/** `numeric` ranges and IPv4 `cidr` blocks: value tests that only numbers, or address strings, pass. */
import { childPath, EventPatternError, invalidPattern } from './event-pattern-error.js';

type Comparison = '<' | '<=' | '=' | '>' | '>=';
const COMPARE: Record<Comparison, (value: number, bound: number) => boolean> = {
  '<': (v, b) => v < b,
  '<=': (v, b) => v <= b,
  '=': (v, b) => v === b,
  '>': (v, b) => v > b,
  '>=': (v, b) => v >= b,
};
const LOWER: readonly string[] = ['>', '>='];
const UPPER: readonly string[] = ['<', '<='];

/**
 * `["=", 5]`, `[">", 0]` or a range `[">", 0, "<=", 5]`: one lower and one upper bound at most.
 * Only JSON numbers match (the string `"5"` is not a number to EventBridge).
 */
export function compileNumeric(argument: unknown, path: string): (value: unknown) => boolean {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    throw invalidPattern(path, 'must be [op, number] or [op, number, op, number]');
  }
  const checks: ((value: number) => boolean)[] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const [operator, bound] = [argument[i] as unknown, argument[i + 1] as unknown];
    if (typeof operator !== 'string' || !(operator in COMPARE)) throw invalidPattern(childPath(path, i), 'must be one of <, <=, =, >, >=');
    if (typeof bound !== 'number' || !Number.isFinite(bound)) throw invalidPattern(childPath(path, i + 1), 'must be a finite number');
    checks.push((value) => COMPARE[operator as Comparison](value, bound));
  }
  if (argument.length === 4) {
    const [first, second] = [argument[0] as string, argument[2] as string];
    const oneOfEach = (LOWER.includes(first) && UPPER.includes(second)) || (UPPER.includes(first) && LOWER.includes(second));
    if (!oneOfEach) throw invalidPattern(path, 'a range needs one lower bound (> or >=) and one upper bound (< or <=)');
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

/** `"10.0.0.0/24"`: IPv4 only; an IPv6 block is refused rather than never matching. */
export function compileCidr(argument: unknown, path: string): (value: unknown) => boolean {
  if (typeof argument !== 'string') throw invalidPattern(path, 'must be a string such as "10.0.0.0/24"');
  if (argument.includes(':')) throw new EventPatternError('UnsupportedEventPattern', path, 'IPv6 CIDR blocks are not supported by the local bus');
  const [address, bits, ...rest] = argument.split('/');
  const network = parseIpv4(address ?? '');
  const prefixLength = bits !== undefined && /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (network === undefined || rest.length > 0 || !(prefixLength >= 0 && prefixLength <= 32)) {
    throw invalidPattern(path, 'must be an IPv4 block such as "10.0.0.0/24"');
  }
  const mask = prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
  return (value) => {
    const ip = typeof value === 'string' ? parseIpv4(value) : undefined;
    return ip !== undefined && ((ip & mask) >>> 0) === ((network & mask) >>> 0);
  };
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}
