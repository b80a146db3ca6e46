import { ValidationError } from '../domain/errors.js';

/** Why a manifest as a whole is refused (bad lines are entries, not errors). */
export type ManifestErrorCode = 'TooManyBadLines' | 'InvalidManifestOptions';

/**
 * A manifest that cannot be used at all: more bad lines than allowed, or options that make no
 * sense. `details` says where (`line`, `badLineCount`, `maxBadLines`, or the option at fault).
 */
export class ManifestError extends ValidationError {
  declare readonly code: ManifestErrorCode;

  constructor(code: ManifestErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
