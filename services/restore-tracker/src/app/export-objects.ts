/**
 * Use case: the readable objects of a job — restored, then available (not archived) — with the
 * restored copy's expiry, as CSV, NDJSON or an S3 Batch Operations manifest, a page at a time
 * (`GET /jobs/{id}/export`): what a copy job needs to pick up what was restored before it expires.
 * Objects whose copy has expired are left out unless asked for (a copy job would fail on them).
 * A page stops at `limit` objects, about 4 MB (well under Lambda's 6 MB response) or 20 store pages
 * read (expired objects left out still cost a read): a page may then be short, even empty, with a
 * next token.
 */
import { ValidationError, contracts, formatManifestRow } from '@s3-bulk-restore/shared';
import type { ExportFormat, ObjectState } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import { findJobOrThrow } from './list-objects.js';
import type { TrackedObject } from './ports.js';

/** What the handler sends: the body, its media type, and the token of the next page if any. */
export interface ExportPage {
  body: string;
  contentType: string;
  nextToken?: string;
  objects: number;
}

/** The states exported, in this order. */
const READABLE: readonly ObjectState[] = ['restored', 'available'];
const PAGE_BYTES = 4 * 1024 * 1024;
const STORE_PAGE = 1000;
/** Store pages read per request at most: skipped (expired) objects must not make a request run past API Gateway's 29 s. */
const STORE_PAGES = 20;

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson', manifest: 'text/csv; charset=utf-8' };
const CSV_HEADER = 'bucket,key,version_id,state,expires_at,expired_at\n';

/** Where an export page ended: which state, and the store's cursor within it (none: its start). */
interface ExportPosition {
  state: ObjectState;
  cursor?: string;
}

/**
 * One page of the export.
 *
 * @throws ValidationError `InvalidJobId` (field `id`), `InvalidRequest` (field `format`, `limit`…),
 *   `InvalidNextToken` (field `next_token`); NotFoundError `JobNotFound` (field `id`)
 * @example
 * const page = await exportObjects(deps, 'job-1', { format: 'manifest' });
 * page.body; // 'archive,photos/a%20b.jpg\n…'
 */
export async function exportObjects(deps: Pick<TrackerDeps, 'store'>, id: unknown, query: unknown = {}): Promise<ExportPage> {
  const q = contracts.exportObjectsQuery.parse(structuredClone(query ?? {}));
  const { jobId } = await findJobOrThrow(deps, id);
  const format = q.format ?? 'csv';
  const limit = q.limit ?? 10_000;
  const includeExpired = q.include_expired === 'true';
  let position: ExportPosition | undefined = q.next_token === undefined ? { state: READABLE[0]! } : decodePosition(q.next_token, jobId, format);
  const lines: string[] = format === 'csv' && q.next_token === undefined ? [CSV_HEADER] : [];
  let bytes = 0;
  let objects = 0;
  for (let reads = 0; position && objects < limit && bytes < PAGE_BYTES && reads < STORE_PAGES; reads++) {
    const page = await deps.store.listObjects(jobId, { state: position.state, limit: Math.min(STORE_PAGE, limit - objects), ...(position.cursor ? { cursor: position.cursor } : {}) });
    for (const object of page.objects) {
      if (object.expiredAt && !includeExpired) continue;
      const line = formatLine(format, object);
      lines.push(line);
      bytes += Buffer.byteLength(line);
      objects += 1;
    }
    const next: ObjectState | undefined = READABLE[READABLE.indexOf(position.state) + 1];
    position = page.cursor ? { state: position.state, cursor: page.cursor } : next ? { state: next } : undefined;
  }
  return { body: lines.join(''), contentType: CONTENT_TYPES[format], objects, ...(position ? { nextToken: encodePosition(jobId, format, position) } : {}) };
}

function formatLine(format: ExportFormat, object: TrackedObject): string {
  const { bucket, key, versionId } = object.ref;
  const expiresAt = object.state === 'restored' ? object.expiresAt : undefined;
  const expiredAt = object.state === 'restored' ? object.expiredAt : undefined;
  switch (format) {
    case 'manifest':
      return `${formatManifestRow(object.ref)}\n`;
    case 'ndjson':
      return `${JSON.stringify({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}), State: object.state, ...(expiresAt ? { ExpiresAt: expiresAt } : {}), ...(expiredAt ? { ExpiredAt: expiredAt } : {}) })}\n`;
    case 'csv':
      return `${[bucket, key, versionId ?? '', object.state, expiresAt ?? '', expiredAt ?? ''].map(csvField).join(',')}\n`;
  }
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function encodePosition(jobId: string, format: ExportFormat, position: ExportPosition): string {
  return Buffer.from(JSON.stringify({ v: 1, job: jobId, format, ...position }), 'utf8').toString('base64url');
}

function decodePosition(token: string, jobId: string, format: ExportFormat): ExportPosition {
  const invalid = (why: string) => new ValidationError('InvalidNextToken', `next_token is not valid: ${why}`, { field: 'next_token' });
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid('it is not a token this API issued');
  }
  if (typeof value !== 'object' || value === null || value['v'] !== 1 || !READABLE.includes(value['state'] as ObjectState)) throw invalid('it is not a token this API issued');
  if (value['job'] !== jobId) throw invalid('it was issued for another job');
  if (value['format'] !== format) throw invalid('it was issued for another format');
  const cursor = value['cursor'];
  if (cursor !== undefined && typeof cursor !== 'string') throw invalid('it is not a token this API issued');
  return { state: value['state'] as ObjectState, ...(cursor ? { cursor } : {}) };
}
