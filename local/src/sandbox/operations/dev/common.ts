import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';

/** Dev API errors: JSON `{ code, message, field? }` with a 4xx status. */
export class DevApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DevApiError';
  }
}

export function json(value: unknown, status = 200): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** The request's JSON object body (`{}` when empty). */
export function jsonBody(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new DevApiError(400, 'MalformedJson', 'The request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DevApiError(400, 'MalformedJson', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export function optionalNumber(body: Record<string, unknown>, field: string, range: { min: number; max?: number }): number | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < range.min || (range.max !== undefined && v > range.max)) {
    const bound = range.max !== undefined ? `between ${range.min} and ${range.max}` : `>= ${range.min}`;
    throw new DevApiError(400, 'InvalidParameter', `${field} must be a number ${bound}`, field);
  }
  return v;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw new DevApiError(400, 'InvalidParameter', `${field} must be a non-empty string`, field);
  return v;
}

export function requiredString(body: Record<string, unknown>, field: string): string {
  const v = optionalString(body, field);
  if (v === undefined) throw new DevApiError(400, 'MissingParameter', `${field} is required`, field);
  return v;
}
