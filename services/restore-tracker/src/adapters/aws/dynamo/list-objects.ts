/**
 * A job's objects from the ObjectsTable's GSI1 (`gsi1pk = JOB#<jobId>`, `gsi1sk = <state>#<pk>`):
 * one Query of the job's index partition, narrowed to a state with `begins_with(gsi1sk,
 * '<state>#')` (no state name is a prefix of another). Every write that moves `state` moves
 * `gsi1sk` with it (registration.ts, record.ts), so the index sorts by the current state. The
 * index is read eventually consistent, as every GSI is.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { OBJECT_STATES } from '@s3-bulk-restore/shared';
import { decodeObjectCursor, encodeObjectCursor } from '../../../app/object-cursor.js';
import type { CursorScope } from '../../../app/object-cursor.js';
import type { ObjectsPage, ObjectsQuery } from '../../../app/ports.js';
import type { DynamoContext } from './context.js';
import { trackedOf } from './find-waiting.js';
import { OBJECTS_BY_STATE_INDEX, jobPk } from './layout.js';
import type { ObjectItem } from './layout.js';

/** Where a page ended: the index key of its last item, less the partition (the job's). */
interface IndexPosition {
  gsi1sk: string;
  pk: string;
  sk: string;
}

const OBJECT_PK = /^OBJ#[0-9a-f]{40}$/;

/** {@link TrackerStore.listObjects} on the ObjectsTable's GSI1. */
export async function listObjects(ctx: DynamoContext, jobId: string, query: ObjectsQuery): Promise<ObjectsPage> {
  const scope: CursorScope = query.state === undefined ? { jobId } : { jobId, state: query.state };
  const after = query.cursor === undefined ? undefined : decodeObjectCursor(query.cursor, scope, positionIn(scope));
  let start: Record<string, unknown> | undefined = after && { gsi1pk: jobPk(jobId), ...after };
  const items: ObjectItem[] = [];
  // One item more than asked says whether another page follows. A Query stops at 1 MB (a page
  // of long keys can), so a page may take more than one.
  do {
    const out = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tables.objects,
        IndexName: OBJECTS_BY_STATE_INDEX,
        KeyConditionExpression: query.state === undefined ? 'gsi1pk = :job' : 'gsi1pk = :job AND begins_with(gsi1sk, :state)',
        ExpressionAttributeValues: { ':job': jobPk(jobId), ...(query.state === undefined ? {} : { ':state': `${query.state}#` }) },
        Limit: query.limit + 1 - items.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...((out.Items ?? []) as ObjectItem[]));
    start = out.LastEvaluatedKey;
  } while (start && items.length <= query.limit);

  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  const position = (item: ObjectItem): IndexPosition => ({ gsi1sk: item.gsi1sk, pk: item.pk, sk: item.sk });
  return { objects: page.map(trackedOf), ...(items.length > query.limit && last ? { cursor: encodeObjectCursor(scope, position(last)) } : {}) };
}

/**
 * A position the index could hold for this job and filter: an ExclusiveStartKey outside the key
 * condition is a DynamoDB ValidationException, so it is refused here as a bad token instead.
 */
function positionIn(scope: CursorScope) {
  return (value: Record<string, unknown>): value is Record<string, unknown> & IndexPosition => {
    const { gsi1sk, pk, sk } = value;
    if (typeof gsi1sk !== 'string' || typeof pk !== 'string' || typeof sk !== 'string' || Object.keys(value).length !== 3) return false;
    const state = gsi1sk.slice(0, gsi1sk.indexOf('#'));
    return (
      OBJECT_PK.test(pk) &&
      gsi1sk === `${state}#${pk}` &&
      (OBJECT_STATES as readonly string[]).includes(state) &&
      (scope.state === undefined || state === scope.state) &&
      sk.startsWith(`JOB#${scope.jobId}#V#`)
    );
  };
}
