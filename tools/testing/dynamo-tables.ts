/**
 * Create a service's DynamoDB tables in moto_server from the service's own serverless.yml, so
 * tests exercise exactly the keys and indexes that deploy (never a retyped copy).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { yamlParse } from 'yaml-cfn';

interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

/** The `AWS::DynamoDB::Table` resources of a service, by logical id. */
export function tableResources(serviceDir: string): Record<string, Record<string, unknown>> {
  const doc = yamlParse(readFileSync(path.join(serviceDir, 'serverless.yml'), 'utf8')) as { resources?: { Resources?: Record<string, CfnResource> } };
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, resource] of Object.entries(doc.resources?.Resources ?? {})) {
    if (resource.Type === 'AWS::DynamoDB::Table') out[id] = resource.Properties ?? {};
  }
  return out;
}

/** The CreateTable input for one table resource, under the given name. */
export function createTableInput(properties: Record<string, unknown>, tableName: string): CreateTableCommandInput {
  const keep = ['AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes', 'LocalSecondaryIndexes', 'BillingMode', 'StreamSpecification', 'ProvisionedThroughput'];
  const input: Record<string, unknown> = { TableName: tableName };
  for (const k of keep) if (properties[k] !== undefined) input[k] = properties[k];
  input['BillingMode'] ??= 'PAY_PER_REQUEST';
  const stream = input['StreamSpecification'] as { StreamViewType?: string } | undefined;
  if (stream) input['StreamSpecification'] = { StreamEnabled: true, StreamViewType: stream.StreamViewType };
  return input as unknown as CreateTableCommandInput;
}

/**
 * Create every table of `serviceDir` in the DynamoDB at `endpoint`, named `<logicalId>-<suffix>`
 * unless `nameOf` gives a name (e.g. the deployment's own). Returns logical id → table name.
 */
export async function createServiceTables(
  serviceDir: string,
  endpoint: string,
  suffix: string,
  nameOf: (logicalId: string) => string | undefined = () => undefined,
): Promise<Record<string, string>> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const names: Record<string, string> = {};
  try {
    for (const [id, properties] of Object.entries(tableResources(serviceDir))) {
      const name = nameOf(id) ?? `${id}-${suffix}`;
      await client.send(new CreateTableCommand(createTableInput(properties, name)));
      names[id] = name;
    }
  } finally {
    client.destroy();
  }
  return names;
}
