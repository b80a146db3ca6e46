/**
 * Typed reads from a parsed YAML document that fail with a WiringError naming the file and the
 * place (`functions.onRestoreEvents.events[0].sqs.batchSize`), never with a TypeError later.
 */
import { WiringError } from './errors.js';
import { isRecord } from './intrinsics.js';

export class Fields {
  constructor(readonly file: string) {}

  fail(at: string, message: string): never {
    throw new WiringError(message, { file: this.file, at });
  }

  record(value: unknown, at: string): Record<string, unknown> {
    if (!isRecord(value)) this.fail(at, `expected a mapping, found ${describe(value)}`);
    return value;
  }

  optionalRecord(value: unknown, at: string): Record<string, unknown> {
    return value === undefined || value === null ? {} : this.record(value, at);
  }

  string(value: unknown, at: string): string {
    if (typeof value !== 'string' || value === '') this.fail(at, `expected a non-empty string, found ${describe(value)}`);
    return value;
  }

  optionalString(value: unknown, at: string): string | undefined {
    return value === undefined ? undefined : this.string(value, at);
  }

  /** An integer, or `fallback` when absent. Numeric strings are accepted, as YAML authors write `'16'`. */
  integer(value: unknown, at: string, fallback: number): number {
    if (value === undefined) return fallback;
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) this.fail(at, `expected an integer, found ${describe(value)}`);
    return n;
  }

  boolean(value: unknown, at: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(at, `expected true or false, found ${describe(value)}`);
    return value;
  }

  array(value: unknown, at: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(at, `expected a list, found ${describe(value)}`);
    return value;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? `a mapping (${JSON.stringify(value).slice(0, 60)})` : JSON.stringify(value);
}
