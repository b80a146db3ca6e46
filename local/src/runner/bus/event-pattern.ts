/**
 * EventBridge event patterns for the in-process bus: the same rule text the deployment declares,
 * matched in memory. Semantics follow the EventBridge user guide ("Event patterns",
 * "Content filtering"): every field of the pattern must match (AND); a field's list of values
 * matches when any entry matches (OR) any leaf value at that field (a value, or any element of
 * an array); nested objects descend into the event; `$or` lists alternative sub-patterns.
 */
import { childPath, invalidPattern, isRecord } from './event-pattern-error.js';
import type { Leaf, LeafMatcher } from './event-pattern-operators.js';
import { compileLeafMatcher } from './event-pattern-operators.js';

export { EventPatternError } from './event-pattern-error.js';
export type { EventPatternErrorCode } from './event-pattern-error.js';

export type EventMatcher = (event: unknown) => boolean;
type NodeMatcher = (node: Record<string, unknown>) => boolean;

/**
 * Validate a pattern once and return a predicate over events. A pattern EventBridge would
 * refuse throws {@link EventPatternError} here, never a matcher that silently matches nothing.
 * A string is parsed as JSON first (the form PutRule takes).
 *
 * @example
 * const isProgress = compilePattern({ source: ['s3-bulk-restore.restore-tracker'], 'detail-type': ['JobProgressed'] });
 * isProgress({ source: 's3-bulk-restore.restore-tracker', 'detail-type': 'JobProgressed', detail: {} }); // true
 */
export function compilePattern(pattern: unknown): EventMatcher {
  const matchNode = compileNode(typeof pattern === 'string' ? parseJson(pattern) : pattern, '');
  return (event) => isRecord(event) && matchNode(event);
}

/** One-off form of {@link compilePattern}; compile once when matching many events. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern)(event);
}

function compileNode(pattern: unknown, path: string): NodeMatcher {
  if (!isRecord(pattern)) throw invalidPattern(path, 'must be a JSON object');
  const fields = Object.entries(pattern);
  if (fields.length === 0) throw invalidPattern(path, 'must name at least one field');
  const tests = fields.map(([key, value]) => (key === '$or' ? compileOr(value, childPath(path, key)) : compileField(key, value, childPath(path, key))));
  return (node) => tests.every((test) => test(node));
}

function compileOr(alternatives: unknown, path: string): NodeMatcher {
  if (!Array.isArray(alternatives) || alternatives.length === 0) throw invalidPattern(path, 'must be a non-empty list of patterns');
  const tests = alternatives.map((alternative, i) => compileNode(alternative, childPath(path, i)));
  return (node) => tests.some((test) => test(node));
}

function compileField(key: string, value: unknown, path: string): NodeMatcher {
  if (Array.isArray(value)) {
    if (value.length === 0) throw invalidPattern(path, 'must not be an empty list');
    const matchers: LeafMatcher[] = value.map((spec, i) => compileLeafMatcher(spec, childPath(path, i)));
    return (node) => {
      const leaves = leavesOf(fieldOf(node, key));
      return matchers.some((matches) => matches(leaves));
    };
  }
  if (isRecord(value)) {
    const matchChild = compileNode(value, path);
    return (node) => childrenOf(fieldOf(node, key)).some(matchChild);
  }
  throw invalidPattern(path, 'must be a list of values or a nested pattern object');
}

/** Own properties only: an event field named `constructor` must not find Object's. */
function fieldOf(node: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** The scalars at a field: itself, or the scalar elements of an array (objects are not leaves). */
function leavesOf(value: unknown): Leaf[] {
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (value === undefined || isRecord(value)) return [];
  return [value as Leaf];
}

/**
 * What a nested pattern descends into: the object, or any object element of an array. A missing
 * field descends into nothing (`{}`), so `exists: false` below it still matches.
 */
function childrenOf(value: unknown): Record<string, unknown>[] {
  const objects = Array.isArray(value) ? value.flat(Infinity).filter(isRecord) : isRecord(value) ? [value] : [];
  return objects.length > 0 ? objects : [{}];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidPattern('', `is not valid JSON: ${(error as Error).message}`);
  }
}
