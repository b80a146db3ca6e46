import type { IncomingHttpHeaders } from 'node:http';

/** A request after the protocol layer has read it: what every operation receives. */
export interface SandboxRequest {
  method: string;
  /** Raw path as sent (percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Payload: de-chunked and checksum-verified. */
  body: Buffer;
  requestId: string;
  hostId: string;
  /** Region from the SigV4 credential scope, else the sandbox default. */
  region: string;
  /** Access key id from the SigV4 credential scope (accepted, not verified). */
  accessKeyId?: string;
  sourceIp: string;
}

/** What an operation returns; the protocol layer writes it. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string | number | undefined>;
  body?: string | Buffer;
}

/** Header as a single string (first value), or undefined. */
export function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  if (Array.isArray(v)) return v[0];
  return v;
}

/** Whether a query flag like `?restore` or `?versioning` is present. */
export function hasQuery(req: SandboxRequest, name: string): boolean {
  return req.query.has(name);
}

const SIGV4_SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** Access key, Region and service from a SigV4 `Authorization` header (never verified). */
export function sigV4Scope(headers: IncomingHttpHeaders): { accessKeyId?: string; region?: string; service?: string } {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = SIGV4_SCOPE.exec(auth);
    if (m) return { accessKeyId: m[1], region: m[2], service: m[3] };
  }
  const credential = headers['x-amz-credential'];
  if (typeof credential === 'string') {
    const [accessKeyId, , region, service] = credential.split('/');
    return { accessKeyId, region, service };
  }
  return {};
}
