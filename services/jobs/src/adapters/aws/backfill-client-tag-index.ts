/**
 * Once, after deploying GSI3 (jobs by client tag): a job item written before it has its client
 * tag but no `gsi3pk`, so `GET /jobs?client_tag=` misses it until its next write — never, for a
 * job that already ended. This gives each such item its `gsi3pk`. It scans the table, so it is
 * an operator's one-off (`scripts/backfill-client-tag-index.ts`), never part of a request.
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsError } from './aws-errors.js';
import { JOB_SK, clientTagPk } from './job-items.js';

/** @returns how many job items were given their `gsi3pk` */
export async function backfillClientTagIndex(client: DynamoDBDocumentClient, tableName: string): Promise<{ updated: number }> {
  let updated = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :job AND attribute_exists(clientTag) AND attribute_not_exists(gsi3pk)',
        ProjectionExpression: 'pk, sk, clientTag',
        ExpressionAttributeValues: { ':job': JOB_SK },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const clientTag = item['clientTag'];
      if (typeof clientTag !== 'string') continue;
      try {
        // The revision is left alone: a concurrent read-model write (conditioned on it) rewrites
        // the whole item with its own gsi3pk, which is the same.
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: item['pk'], sk: item['sk'] },
            UpdateExpression: 'SET gsi3pk = :gsi3pk',
            ConditionExpression: 'clientTag = :clientTag AND attribute_not_exists(gsi3pk)',
            ExpressionAttributeValues: { ':gsi3pk': clientTagPk(clientTag), ':clientTag': clientTag },
          }),
        );
        updated += 1;
      } catch (error) {
        // Written meanwhile (with its gsi3pk): nothing left to do for it.
        if (awsError(error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { updated };
}
