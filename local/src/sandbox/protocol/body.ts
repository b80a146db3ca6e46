import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crc32 } from 'node:zlib';
import { S3Error } from './errors.js';

/**
 * Largest body the sandbox accepts in one request (S3's single PUT limit is 5 GB; we are a test
 * tool, holding bodies in memory): 1 GiB, enough for a 10,000,000-line manifest (~350–600 MB).
 */
export const MAX_BODY_BYTES = 1024 * 1024 * 1024;

/** Read a request body whole. Node answers `Expect: 100-continue` by itself before we read. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > MAX_BODY_BYTES) throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {}, 400);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function isAwsChunked(headers: IncomingMessage['headers']): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/**
 * Decode an `aws-chunked` body (SigV4 streaming, signed or unsigned, with optional trailers):
 * `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailer>:<value>\r\n\r\n`.
 * Returns the payload and any trailing headers (e.g. `x-amz-checksum-crc32`).
 */
export function decodeAwsChunked(raw: Buffer): { payload: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new S3Error('IncompleteBody', 'The aws-chunked body ended inside a chunk header');
    const header = raw.subarray(offset, lineEnd).toString('latin1');
    const size = Number.parseInt(header.split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new S3Error('IncompleteBody', `Bad aws-chunked chunk header: ${header}`);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > raw.length) throw new S3Error('IncompleteBody', 'The aws-chunked body is shorter than its chunk sizes');
    parts.push(raw.subarray(offset, offset + size));
    offset += size;
    if (raw.subarray(offset, offset + 2).toString('latin1') === '\r\n') offset += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of raw.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}

/** Checksums we verify; others are accepted unverified (docs/sandbox.md). */
const VERIFIERS: Record<string, (payload: Buffer) => string> = {
  'x-amz-checksum-crc32': (p) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(crc32(p) >>> 0);
    return b.toString('base64');
  },
  'x-amz-checksum-sha1': (p) => createHash('sha1').update(p).digest('base64'),
  'x-amz-checksum-sha256': (p) => createHash('sha256').update(p).digest('base64'),
  'content-md5': (p) => createHash('md5').update(p).digest('base64'),
};

/**
 * The request's payload: de-chunked when it was sent `aws-chunked`, with every checksum the
 * client sent (header or trailer) verified. A mismatch is S3's 400 `BadDigest`.
 */
export function payloadOf(raw: Buffer, headers: IncomingMessage['headers']): Buffer {
  let payload = raw;
  const sent: Record<string, string> = {};
  for (const name of Object.keys(VERIFIERS)) {
    const value = headers[name];
    if (typeof value === 'string') sent[name] = value;
  }
  if (isAwsChunked(headers)) {
    const decoded = decodeAwsChunked(raw);
    payload = decoded.payload;
    Object.assign(sent, pick(decoded.trailers, Object.keys(VERIFIERS)));
    const declared = headers['x-amz-decoded-content-length'];
    if (declared !== undefined && Number(declared) !== payload.length) {
      throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
    }
  }
  for (const [name, value] of Object.entries(sent)) {
    const actual = VERIFIERS[name]!(payload);
    if (actual !== value) {
      throw name === 'content-md5'
        ? new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.')
        : new S3Error('BadDigest', `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`);
    }
  }
  return payload;
}

function pick(record: Record<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (record[n] !== undefined) out[n] = record[n]!;
  return out;
}
