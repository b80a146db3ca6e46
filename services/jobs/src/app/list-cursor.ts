/**
 * The `next_token` of `GET /jobs`: opaque to clients, the same for every store. It carries the
 * sort key to continue after (`<createdAt>#<jobId>`, newest first: the last job returned, or the
 * last one a store looked at) and the filters it was issued for (status, client tag), so a page
 * continues strictly after that job and a token cannot be replayed against another filter. A
 * tampered token can only move the cursor, never reach other data.
 */
import { JOB_STATUSES, ValidationError } from '@s3-bulk-restore/shared';
import type { JobStatus } from '@s3-bulk-restore/shared';
import type { JobRecord } from './job-record.js';

/** What a listing is filtered on; each part optional. */
export interface ListFilter {
  status?: JobStatus;
  clientTag?: string;
}

interface Cursor {
  v: 1;
  status: JobStatus | null;
  /** Absent when the listing was not filtered by tag (tokens issued before the filter existed too). */
  clientTag?: string;
  after: string;
}

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[A-Za-z0-9-]{1,64}$/;

/** Where a job sorts in listings: newest first is descending order of this string. */
export function listSortKey(job: Pick<JobRecord, 'createdAt' | 'jobId'>): string {
  return `${job.createdAt}#${job.jobId}`;
}

export function encodeListToken(filter: ListFilter, after: string): string {
  const cursor: Cursor = { v: 1, status: filter.status ?? null, ...(filter.clientTag === undefined ? {} : { clientTag: filter.clientTag }), after };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/**
 * The sort key to continue after.
 *
 * @throws {@link ValidationError} `InvalidNextToken` (field `next_token`) for anything this
 *   service did not issue, or a token issued for another status or client tag filter
 */
export function decodeListToken(token: string, filter: ListFilter): string {
  const invalid = (why: string) => new ValidationError('InvalidNextToken', `next_token is not valid: ${why}`, { field: 'next_token' });
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not a token this API issued');
  }
  if (!isCursor(cursor)) throw invalid('it is not a token this API issued');
  if ((cursor.status ?? undefined) !== filter.status) throw invalid('it was issued for another status filter');
  if (cursor.clientTag !== filter.clientTag) throw invalid('it was issued for another client_tag filter');
  return cursor.after;
}

function isCursor(value: unknown): value is Cursor {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    c['v'] === 1 &&
    (c['status'] === null || (JOB_STATUSES as readonly unknown[]).includes(c['status'])) &&
    (c['clientTag'] === undefined || (typeof c['clientTag'] === 'string' && c['clientTag'].length > 0)) &&
    typeof c['after'] === 'string' &&
    SORT_KEY.test(c['after'])
  );
}
