/**
 * `npx tsx services/jobs/scripts/backfill-client-tag-index.ts <jobs table name>`: once per stage,
 * after the deploy that added GSI3, so jobs created before it are listed by `client_tag` too
 * (src/adapters/aws/backfill-client-tag-index.ts). Your default credentials and region
 * (`AWS_REGION`; `AWS_ENDPOINT_URL` is honoured by the SDK); it needs dynamodb:Scan and UpdateItem.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backfillClientTagIndex } from '../src/adapters/aws/backfill-client-tag-index.js';

const tableName = process.argv[2];
if (!tableName) {
  console.error('usage: backfill-client-tag-index.ts <table name, e.g. s3-bulk-restore-prod-jobs>');
  process.exit(2);
}
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
try {
  const { updated } = await backfillClientTagIndex(client, tableName);
  console.log(`${tableName}: ${updated} job item(s) given their client tag index key`);
} finally {
  client.destroy();
}
