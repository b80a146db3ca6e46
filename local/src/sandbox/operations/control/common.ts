/** What every S3 Control operation shares: the account, XML in and out, errors. */
import type { ControlError } from '../../batch/errors.js';
import { badRequest } from '../../batch/errors.js';
import type { JobScope } from '../../batch/engine.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { header } from '../../protocol/request.js';
import type { XmlNode } from '../../protocol/xml.js';
import { S3_CONTROL_XMLNS, el, parseXml, xml } from '../../protocol/xml.js';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The caller's account: the `x-amz-account-id` header every S3 Control request carries, or the
 * `<account>.` host prefix the SDKs put in front of the endpoint (aws-facts §6.1).
 */
export function accountOf(req: SandboxRequest): string {
  const fromHeader = header(req, 'x-amz-account-id');
  if (fromHeader !== undefined) {
    if (!ACCOUNT_ID.test(fromHeader)) throw badRequest(`x-amz-account-id must be 12 digits, got "${fromHeader}".`);
    return fromHeader;
  }
  const prefix = /^(\d{12})\./.exec(header(req, 'host') ?? '')?.[1];
  if (prefix) return prefix;
  throw badRequest('The x-amz-account-id header is required.');
}

export function scopeOf(req: SandboxRequest): JobScope {
  return { accountId: accountOf(req), region: req.region };
}

/** A response document in the S3 Control namespace. */
export function controlXml(root: string, children: XmlNode[], status = 200): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/xml' },
    body: xml(el(root, children, { xmlns: S3_CONTROL_XMLNS })),
  };
}

/**
 * S3 Control's error document: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * The SDK reads the code from `Error.Code`.
 */
export function controlErrorResponse(error: ControlError, requestId: string, hostId: string): SandboxResponse {
  const body = xml(
    el('ErrorResponse', [
      el('Error', [el('Code', error.code), el('Message', error.message)]),
      el('RequestId', requestId),
      el('HostId', hostId),
    ]),
  );
  return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
}

export function parseBody(req: SandboxRequest): Record<string, unknown> {
  if (req.body.length === 0) throw badRequest('The request body is empty.');
  try {
    return parseXml(req.body.toString('utf8'));
  } catch {
    throw badRequest('The XML you provided was not well-formed.');
  }
}

/** An integer query or body value within bounds, or a BadRequest naming the field. */
export function integerIn(value: string | undefined, field: string, min: number, max: number, make = badRequest): number {
  const n = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw make(`${field} must be an integer from ${min} to ${max}, got "${value ?? ''}".`);
  }
  return n;
}

export function booleanOf(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`${field} must be true or false, got "${value}".`);
}
