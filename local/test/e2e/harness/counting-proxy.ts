/**
 * A counting proxy between the services' SDK clients and moto_server, for the measurements the
 * issue asks for: requests per AWS operation, and DynamoDB write units estimated from what each
 * request writes (1 per item written of up to 1 KB; transactional writes cost 2 per item).
 * The harness's own traffic (creating resources, polling queues) goes to moto directly.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Counts {
  requests: Record<string, number>;
  /** Items written, by DynamoDB operation. */
  itemsWritten: Record<string, number>;
  /** Estimated write capacity units (items ≤ 1 KB). */
  writeUnits: number;
  eventBridgeEntries: number;
  snsPublishes: number;
  /** Wall time during which at least one request was waiting on moto. */
  upstreamMs: number;
}

export interface CountingProxy {
  endpoint: string;
  counts(): Counts;
  reset(): void;
  close(): Promise<void>;
}

function operationOf(headers: Record<string, string | string[] | undefined>, body: string): string {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') return target.replace('DynamoDB_20120810.', 'dynamodb:').replace('AWSEvents.', 'events:').replace('AmazonSQS.', 'sqs:');
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body);
  return action ? `sns:${action[1]}` : 'unknown';
}

function writeUnitsOf(operation: string, body: string): { items: number; units: number } {
  const kb = (item: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item ?? {})) / 1024));
  const parsed = JSON.parse(body || '{}') as Record<string, unknown>;
  switch (operation) {
    case 'dynamodb:PutItem':
      return { items: 1, units: kb(parsed['Item']) };
    case 'dynamodb:UpdateItem':
    case 'dynamodb:DeleteItem':
      return { items: 1, units: 1 };
    case 'dynamodb:BatchWriteItem': {
      const requests = Object.values((parsed['RequestItems'] ?? {}) as Record<string, Array<{ PutRequest?: { Item: unknown } }>>).flat();
      return { items: requests.length, units: requests.reduce((sum, r) => sum + kb(r.PutRequest?.Item), 0) };
    }
    case 'dynamodb:TransactWriteItems': {
      const items = (parsed['TransactItems'] ?? []) as Array<{ Put?: { Item: unknown }; ConditionCheck?: unknown }>;
      const writes = items.filter((i) => !i.ConditionCheck);
      return { items: writes.length, units: writes.reduce((sum, i) => sum + 2 * kb(i.Put?.Item), 0) };
    }
    default:
      return { items: 0, units: 0 };
  }
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let counts: Counts = empty();
  let inFlight = 0;
  let busySince = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const operation = operationOf(req.headers, text);
      counts.requests[operation] = (counts.requests[operation] ?? 0) + 1;
      if (operation.startsWith('dynamodb:')) {
        const { items, units } = writeUnitsOf(operation, text);
        if (items > 0) counts.itemsWritten[operation] = (counts.itemsWritten[operation] ?? 0) + items;
        counts.writeUnits += units;
      }
      if (operation === 'events:PutEvents') counts.eventBridgeEntries += ((JSON.parse(text) as { Entries?: unknown[] }).Entries ?? []).length;
      if (operation === 'sns:Publish') counts.snsPublishes += 1;
      if (inFlight++ === 0) busySince = performance.now();
      const done = () => {
        if (--inFlight === 0) counts.upstreamMs += performance.now() - busySince;
      };
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          up.on('end', done);
        },
      );
      forward.on('error', () => {
        done();
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => structuredClone(counts),
    reset: () => {
      counts = empty();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function empty(): Counts {
  return { requests: {}, itemsWritten: {}, writeUnits: 0, eventBridgeEntries: 0, snsPublishes: 0, upstreamMs: 0 };
}
