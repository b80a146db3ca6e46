/**
 * Which queue configurations of a bucket an event goes to: the event type must be named
 * (`s3:ObjectRestore:*` or the exact type) and the key must pass every prefix/suffix rule.
 */
import type { FilterRule, QueueConfiguration } from '../state/model.js';
import { decodeFilterValue } from './key-encoding.js';
import type { RestoreEventName } from './types.js';

export function queueMatches(configuration: QueueConfiguration, name: RestoreEventName, rawKey: string): boolean {
  return eventSelected(configuration.Events, name) && configuration.FilterRules.every((rule) => ruleMatches(rule, rawKey));
}

function eventSelected(events: readonly string[], name: RestoreEventName): boolean {
  const exact = `s3:${name}`;
  return events.some((e) => e === exact || e === 's3:ObjectRestore:*');
}

/**
 * Filter values are written the way keys appear in records (space as `+`, others percent-encoded;
 * UG notification-how-to-filtering), so the value is decoded before it is compared with the raw key.
 * Comparison is case-sensitive, as keys are.
 */
function ruleMatches(rule: FilterRule, rawKey: string): boolean {
  const value = decodeFilterValue(rule.Value);
  return rule.Name === 'prefix' ? rawKey.startsWith(value) : rawKey.endsWith(value);
}
