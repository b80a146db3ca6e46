/**
 * A loopback HTTP server that answers every request with one fixed status: for the S3 refusals
 * moto cannot produce (it enforces no access control by default), so the adapter's handling of a
 * real 403 or 500 wire response is tested through the real SDK.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StatusServer {
  endpoint: string;
  requests: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export async function statusServer(status: number, code: string): Promise<StatusServer> {
  const requests: Array<{ method: string; url: string }> = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'STUB' });
    // HEAD responses carry no body on the wire; S3 sends the XML error only for other methods.
    res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
