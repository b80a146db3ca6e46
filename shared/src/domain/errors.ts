/**
 * The one base class for errors the product raises on purpose. Every error has a stable
 * machine-readable `code` and structured `details` (field, line, job id, key…); adapters
 * translate store- and SDK-specific failures into these so callers see the same errors whatever
 * the store. HTTP and CLI boundaries map them to a status or exit code.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** Input that breaks a contract: a field, a manifest line, an event. HTTP 400. */
export class ValidationError extends DomainError {}

/** Something asked for does not exist (a job id). HTTP 404. */
export class NotFoundError extends DomainError {}

/** The request conflicts with the current state (cancel after completion). HTTP 409. */
export class ConflictError extends DomainError {}

/** A dependency refused or failed in a way the caller can act on (manifest unreadable). HTTP 4xx as mapped. */
export class DependencyError extends DomainError {}
