/**
 * One entry of a pattern's value list (`"exact"`, `{prefix: …}`, `{numeric: […]}`, …), validated
 * and turned into a test over the leaf values found at that field of the event.
 */
import { childPath, invalidPattern, isRecord } from './event-pattern-error.js';
import { compileCidr, compileNumeric } from './event-pattern-numeric.js';

/** A JSON scalar: what EventBridge compares against (objects are never leaf values). */
export type Leaf = string | number | boolean | null;
/** Decides from the field's leaf values (empty when the field is missing or not a leaf). */
export type LeafMatcher = (leaves: readonly Leaf[]) => boolean;
type ValueTest = (value: Leaf) => boolean;

const anyOf = (test: ValueTest): LeafMatcher => (leaves) => leaves.some(test);

export function compileLeafMatcher(spec: unknown, path: string): LeafMatcher {
  if (isLeaf(spec)) return anyOf(exactly(spec, path));
  if (!isRecord(spec)) throw invalidPattern(path, 'a value must be a string, number, boolean, null or an operator object');
  const [operator, ...others] = Object.keys(spec);
  if (operator === undefined || others.length > 0) throw invalidPattern(path, 'an operator object must hold exactly one operator');
  const argument = spec[operator];
  const at = childPath(path, operator);
  switch (operator) {
    case 'exists':
      if (typeof argument !== 'boolean') throw invalidPattern(at, 'must be true or false');
      // Exists looks at leaf values only: an object-valued field does not "exist" (EventBridge user guide).
      return (leaves) => leaves.length > 0 === argument;
    case 'anything-but': {
      const excluded = compileExclusion(argument, at);
      // A missing field is not "anything but": only a present value that is not excluded matches.
      return anyOf((value) => !excluded(value));
    }
    case 'numeric':
      return anyOf(compileNumeric(argument, at));
    case 'cidr':
      return anyOf(compileCidr(argument, at));
    default:
      return anyOf(compileStringOperator(operator, argument, path));
  }
}

/** `prefix`, `suffix`, `equals-ignore-case` and `wildcard`: tests that only strings can pass. */
function compileStringOperator(operator: string, argument: unknown, path: string): ValueTest {
  const at = childPath(path, operator);
  switch (operator) {
    case 'prefix':
    case 'suffix': {
      const { text, ignoreCase } = affix(argument, at);
      const fold = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
      const wanted = fold(text);
      return operator === 'prefix'
        ? (value) => typeof value === 'string' && fold(value).startsWith(wanted)
        : (value) => typeof value === 'string' && fold(value).endsWith(wanted);
    }
    case 'equals-ignore-case': {
      const wanted = stringArgument(argument, at).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === wanted;
    }
    case 'wildcard': {
      const regex = wildcardRegex(stringArgument(argument, at), at);
      return (value) => typeof value === 'string' && regex.test(value);
    }
    default:
      throw invalidPattern(at, `unknown operator "${operator}"`);
  }
}

/** `anything-but`: a value, a non-empty list of values, or one string operator to negate. */
function compileExclusion(argument: unknown, path: string): ValueTest {
  if (typeof argument === 'string' || typeof argument === 'number') return exactly(argument, path);
  if (Array.isArray(argument)) {
    if (argument.length === 0) throw invalidPattern(path, 'must not be an empty list');
    const tests = argument.map((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') throw invalidPattern(childPath(path, i), 'must be a string or a number');
      return exactly(item, childPath(path, i));
    });
    return (value) => tests.some((test) => test(value));
  }
  if (isRecord(argument) && Object.keys(argument).length === 1) {
    const [operator] = Object.keys(argument) as [string];
    const values = operator === 'equals-ignore-case' && Array.isArray(argument[operator]) ? (argument[operator] as unknown[]) : [argument[operator]];
    if (values.length === 0) throw invalidPattern(childPath(path, operator), 'must not be an empty list');
    if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(operator)) throw invalidPattern(childPath(path, operator), 'anything-but takes a value, a list, prefix, suffix, equals-ignore-case or wildcard');
    const tests = values.map((value) => compileStringOperator(operator, value, path));
    return (value) => tests.some((test) => test(value));
  }
  throw invalidPattern(path, 'must be a string, a number, a non-empty list of them, or one of prefix / suffix / equals-ignore-case / wildcard');
}

/** Exact match: same type and value; numbers compare numerically (`5` and `5.0` are one number). */
function exactly(wanted: Leaf, path: string): ValueTest {
  if (typeof wanted === 'number' && !Number.isFinite(wanted)) throw invalidPattern(path, 'numbers must be finite');
  return (value) => value === wanted;
}

/** `prefix` / `suffix` take a string, or `{equals-ignore-case: string}` to ignore case. */
function affix(argument: unknown, path: string): { text: string; ignoreCase: boolean } {
  if (typeof argument === 'string') return { text: argument, ignoreCase: false };
  if (isRecord(argument) && Object.keys(argument).length === 1 && 'equals-ignore-case' in argument) {
    const text = argument['equals-ignore-case'];
    if (typeof text === 'string') return { text, ignoreCase: true };
  }
  throw invalidPattern(path, 'must be a string or {"equals-ignore-case": string}');
}

function stringArgument(argument: unknown, path: string): string {
  if (typeof argument !== 'string') throw invalidPattern(path, 'must be a string');
  return argument;
}

/**
 * `*` matches any run of characters (`/` included, none at all included); `\*` is a literal star
 * and `\\` a literal backslash. Two stars in a row are refused, as EventBridge does.
 */
function wildcardRegex(glob: string, path: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '\\') {
      const next = glob[++i];
      if (next !== '*' && next !== '\\') throw invalidPattern(path, 'only "\\*" and "\\\\" may be escaped');
      source += `\\${next}`;
    } else if (char === '*') {
      if (glob[i + 1] === '*') throw invalidPattern(path, 'consecutive "*" are not allowed');
      source += '.*';
    } else {
      source += char.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
