/**
 * How `GET /jobs` reads JobsTable (items in job-items.ts): which index a listing walks, and the
 * Query for one step of it, newest first, strictly below the cursor's sort key.
 */
import type { JobStatus } from '@s3-bulk-restore/shared';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { JobListQuery } from '../../app/ports.js';
import { ALL_JOBS, clientTagPk, statusPk } from './job-items.js';

/** One index partition, and the status its items are filtered on, if any. */
export interface ListingSource {
  index: 'GSI1' | 'GSI2' | 'GSI3';
  partition: 'gsi1pk' | 'gsi2pk' | 'gsi3pk';
  value: string;
  statusFilter?: JobStatus;
}

/**
 * Which index a listing reads. A client tag and a status together read the tag's partition of
 * GSI3 and filter on status: a tag's jobs are few next to a status's, and a fourth index keyed
 * on both would be rewritten at every status change of every tagged job, for a rare query.
 */
export function listingSource(query: Pick<JobListQuery, 'status' | 'clientTag'>): ListingSource {
  if (query.clientTag !== undefined) {
    return { index: 'GSI3', partition: 'gsi3pk', value: clientTagPk(query.clientTag), ...(query.status ? { statusFilter: query.status } : {}) };
  }
  if (query.status) return { index: 'GSI2', partition: 'gsi2pk', value: statusPk(query.status) };
  return { index: 'GSI1', partition: 'gsi1pk', value: ALL_JOBS };
}

/**
 * One Query of a listing. `limit` counts the items DynamoDB reads, before the status filter.
 *
 * @param after the sort key (`<createdAt>#<jobId>`) to continue below, if any
 */
export function listingQuery(
  tableName: string,
  source: ListingSource,
  page: { after?: string; limit: number; startKey?: Record<string, unknown> },
): QueryCommandInput {
  const names: Record<string, string> = { '#p': source.partition };
  const values: Record<string, unknown> = { ':p': source.value };
  if (page.after !== undefined) values[':after'] = page.after;
  const input: QueryCommandInput = {
    TableName: tableName,
    IndexName: source.index,
    KeyConditionExpression: page.after === undefined ? '#p = :p' : '#p = :p AND gsi1sk < :after',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: page.limit,
  };
  if (source.statusFilter) {
    // `status` is a DynamoDB reserved word.
    names['#status'] = 'status';
    values[':status'] = source.statusFilter;
    input.FilterExpression = '#status = :status';
  }
  if (page.startKey) input.ExclusiveStartKey = page.startKey;
  return input;
}
