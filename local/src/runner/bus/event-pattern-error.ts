/**
 * An event pattern EventBridge would refuse (PutRule answers `InvalidEventPatternException`), or
 * one this matcher knowingly does not implement. Raised once, when the pattern is compiled, so a
 * bad rule never turns into a rule that silently matches nothing.
 */
export type EventPatternErrorCode = 'InvalidEventPattern' | 'UnsupportedEventPattern';

export class EventPatternError extends Error {
  readonly code: EventPatternErrorCode;
  /** Where in the pattern, e.g. `detail.size[0].numeric` (`''` for the pattern itself). */
  readonly path: string;

  constructor(code: EventPatternErrorCode, path: string, message: string) {
    super(`${path === '' ? 'event pattern' : `event pattern at ${path}`}: ${message}`);
    this.name = 'EventPatternError';
    this.code = code;
    this.path = path;
  }
}

export function invalidPattern(path: string, message: string): EventPatternError {
  return new EventPatternError('InvalidEventPattern', path, message);
}

/** `detail` + `size` → `detail.size`; the root is `''`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
