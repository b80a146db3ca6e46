/**
 * The wire layer: turns node:http requests into {@link SandboxRequest}s, hands them to a
 * handler, and writes the {@link SandboxResponse} back with the headers every S3 response has.
 * S3 errors become AWS's XML error body (none for HEAD).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { S3Error } from './errors.js';
import { payloadOf, readBody } from './body.js';
import type { SandboxRequest, SandboxResponse } from './request.js';
import { sigV4Scope } from './request.js';
import { el, xml } from './xml.js';

export type Handler = (req: SandboxRequest) => Promise<SandboxResponse>;

export interface WireOptions {
  defaultRegion: string;
  /** Log unexpected errors (never S3Errors). */
  onUnexpectedError?: (error: unknown) => void;
}

export function requestIds(): { requestId: string; hostId: string } {
  return {
    requestId: randomBytes(8).toString('hex').toUpperCase(),
    hostId: randomBytes(48).toString('base64'),
  };
}

/** AWS's S3 error document. */
export function s3ErrorResponse(error: S3Error, resource: string, requestId: string, hostId: string): SandboxResponse {
  const body = xml(
    el('Error', [
      el('Code', error.code),
      el('Message', error.message),
      ...Object.entries(error.fields).map(([k, v]) => el(k, v)),
      el('Resource', resource),
      el('RequestId', requestId),
      el('HostId', hostId),
    ]),
  );
  return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
}

export async function serve(req: IncomingMessage, res: ServerResponse, handler: Handler, options: WireOptions): Promise<void> {
  const { requestId, hostId } = requestIds();
  const url = new URL(req.url ?? '/', 'http://sandbox');
  let response: SandboxResponse;
  try {
    const raw = await readBody(req);
    const scope = sigV4Scope(req.headers);
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: payloadOf(raw, req.headers),
      requestId,
      hostId,
      region: scope.region ?? options.defaultRegion,
      accessKeyId: scope.accessKeyId,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    };
    response = await handler(request);
  } catch (error) {
    if (error instanceof S3Error) {
      response = s3ErrorResponse(error, url.pathname, requestId, hostId);
    } else {
      options.onUnexpectedError?.(error);
      response = s3ErrorResponse(new S3Error('InternalError', 'We encountered an internal error. Please try again.'), url.pathname, requestId, hostId);
    }
  }
  write(res, req.method === 'HEAD', response, requestId, hostId);
}

function write(res: ServerResponse, head: boolean, response: SandboxResponse, requestId: string, hostId: string): void {
  const headers: Record<string, string | number> = {
    'x-amz-request-id': requestId,
    'x-amz-id-2': hostId,
    date: new Date().toUTCString(),
    server: 'AmazonS3',
  };
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined) headers[name] = value;
  }
  const body = response.body === undefined ? undefined : typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  if (headers['content-length'] === undefined) headers['content-length'] = head ? 0 : (body?.length ?? 0);
  res.writeHead(response.status, headers);
  if (head || !body) res.end();
  else res.end(body);
}
