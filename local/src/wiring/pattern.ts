/** Event patterns as declared: JSON values, kept exactly (field names such as `detail-type`). */
import type { Fields } from './fields.js';
import { isRecord } from './intrinsics.js';
import type { EventPattern, JsonValue } from './types.js';

/** An event pattern: a mapping of JSON values (YAML's core schema yields nothing else). */
export function readPattern(value: unknown, at: string, fields: Fields): EventPattern {
  const pattern = fields.record(value, at);
  for (const [key, item] of Object.entries(pattern)) assertJson(item, `${at}.${key}`, fields);
  return pattern as EventPattern;
}

function assertJson(value: unknown, at: string, fields: Fields): asserts value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJson(item, `${at}[${i}]`, fields));
    return;
  }
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) assertJson(item, `${at}.${key}`, fields);
    return;
  }
  fields.fail(at, 'event patterns hold JSON values only');
}
