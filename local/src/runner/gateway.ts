/**
 * API Gateway (REST, v1 proxy integration) in front of the functions' `http` events: routes and
 * `private: true` come from serverless.yml; a private route without the right `x-api-key` gets
 * API Gateway's 403 `{"message":"Forbidden"}` and never reaches the handler. The local runner
 * serves its API through it; the end-to-end harness puts it in front of its Lambda runtime.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ComposedService } from '../wiring/index.js';

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: string[];
  private: boolean;
  functionName: string;
}

export interface Gateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** The value private routes require in `x-api-key`. */
  apiKey: string;
  stage: string;
  /** Runs `<service key>/<function name>` with an API Gateway proxy event; resolves to its result. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  port?: number;
  host?: string;
  /**
   * Routes of the host itself (the runner's event stream), tried first: returns true when it
   * answered. It sees the request before the body is read.
   */
  extra?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

/** The routes the services declare: method, path template, and whether an API key is needed. */
export function routesOf(services: ComposedService[]): Route[] {
  const routes: Route[] = [];
  for (const service of services) {
    for (const fn of service.functions) {
      for (const e of fn.events) {
        if (e.kind !== 'http') continue;
        const params: string[] = [];
        const source = e.path.replace(/^\/?/, '/').replace(/\{(\w+)\+?\}/g, (_, p: string) => {
          params.push(p);
          return '([^/]+)';
        });
        routes.push({ method: e.method.toUpperCase(), template: e.path, pattern: new RegExp(`^${source}/?$`), params, private: e.private, functionName: `${service.key}/${fn.name}` });
      }
    }
  }
  return routes;
}

export async function startGateway(services: ComposedService[], options: GatewayOptions): Promise<Gateway> {
  const { apiKey, stage } = options;
  const routes = routesOf(services);
  const server: Server = createServer(async (req, res) => {
    if (options.extra?.(req, res, new URL(req.url ?? '/', 'http://gateway'))) return;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://gateway');
    const send = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
      res.writeHead(status, headers);
      res.end(body);
    };
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return send(403, JSON.stringify({ message: 'Missing Authentication Token' }));
    if (route.private && req.headers['x-api-key'] !== apiKey) return send(403, JSON.stringify({ message: 'Forbidden' }));
    const match = route.pattern.exec(url.pathname)!;
    const pathParameters = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
    const query = Object.fromEntries(url.searchParams.entries());
    const event = {
      resource: route.template,
      path: url.pathname,
      httpMethod: req.method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: url.searchParams.size > 0 ? query : null,
      multiValueQueryStringParameters: url.searchParams.size > 0 ? Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)])) : null,
      pathParameters: route.params.length > 0 ? pathParameters : null,
      stageVariables: null,
      requestContext: { requestId: randomUUID(), stage, httpMethod: req.method, path: `/${stage}${url.pathname}`, identity: { apiKey, sourceIp: '127.0.0.1' }, resourcePath: route.template },
      body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : null,
      isBase64Encoded: false,
    };
    try {
      const result = (await options.invoke(route.functionName, event)) as { statusCode: number; headers?: Record<string, string>; body?: string };
      send(result.statusCode, result.body ?? '', result.headers ?? {});
    } catch {
      // What API Gateway answers when the integration itself fails.
      send(502, JSON.stringify({ message: 'Internal server error' }));
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
