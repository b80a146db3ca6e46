/**
 * The readings of a fanned-out registration's ranges, in the ProgressTable under their own
 * partition (`JOB#<jobId>#RANGES` / `RANGE#<count>#<index>`), so the job's progress Query never
 * reads them: one conditional put per range (the first write wins), then one consistent Query
 * that says whether every range is in. A job has tens of ranges, each item a few KB at most
 * (100 bad lines of ≤ 1 KB).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RangeReading, RangeSlot } from '../../../app/ports.js';
import type { DynamoContext } from './context.js';
import { isConditionalCheckFailed } from './errors.js';
import { rangesPk } from './layout.js';

/** {@link TrackerStore.completeRange} on DynamoDB (the job's existence checked by the caller). */
export async function completeRange(ctx: DynamoContext, jobId: string, slot: RangeSlot, reading: RangeReading): Promise<RangeReading[] | undefined> {
  const prefix = `RANGE#${slot.count}#`;
  try {
    await ctx.client.send(
      new PutCommand({
        TableName: ctx.tables.progress,
        Item: { pk: rangesPk(jobId), sk: `${prefix}${String(slot.index).padStart(10, '0')}`, jobId, reading },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const readings: RangeReading[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tables.progress,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': rangesPk(jobId), ':prefix': prefix },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) readings.push(item['reading'] as RangeReading);
    start = out.LastEvaluatedKey;
  } while (start);
  return readings.length === slot.count ? readings : undefined;
}
