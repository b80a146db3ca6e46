/**
 * An HTTP proxy in front of an AWS API emulator (moto_server) that answers chosen requests with
 * an error instead of forwarding them, while a fault is set: an outage as the SDK sees it on the
 * wire (its own retries included), not a stubbed client.
 *
 * @example
 * const proxy = await startFaultProxy(moto.endpoint);
 * proxy.fail((request) => (request.body.includes('Action=Publish') ? SNS_THROTTLING : undefined));
 * // … point clients at proxy.endpoint …
 * proxy.recover();
 * await proxy.close();
 */
import { request as httpRequest, createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The answer given instead of forwarding. */
export interface FaultResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Returns the answer for a request to refuse, or undefined to forward it. */
export type FaultRule = (request: ProxiedRequest) => FaultResponse | undefined;

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: the endpoint to give clients. */
  readonly endpoint: string;
  /** Requests refused since the proxy started. */
  readonly refused: ProxiedRequest[];
  /** Start refusing what `rule` picks. */
  fail(rule: FaultRule): void;
  /** Forward everything again. */
  recover(): void;
  close(): Promise<void>;
}

/** An awsQuery (SNS, SQS's old protocol) error document. */
export function awsQueryError(status: number, code: string, message: string): FaultResponse {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  };
}

/** Start a proxy to `target` (e.g. moto's endpoint) on a free loopback port. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let rule: FaultRule | undefined;
  const refused: ProxiedRequest[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: ProxiedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: body.toString('utf8') };
      const fault = rule?.(seen);
      if (fault) {
        refused.push(seen);
        res.writeHead(fault.status, { 'content-type': fault.contentType, 'content-length': Buffer.byteLength(fault.body) });
        res.end(fault.body);
        return;
      }
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: seen.method, path: seen.path, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: upstream error ${error.message}`);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused,
    fail(next) {
      rule = next;
    },
    recover() {
      rule = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
