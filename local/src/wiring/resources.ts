/** `resources:` of a serverless.yml, normalised: rules, queues, tables, topics, outputs. */
import type { Fields } from './fields.js';
import { busOf, importNameOf, isRecord, queueLogicalIdOf } from './intrinsics.js';
import type { Resources } from './intrinsics.js';
import { readPattern } from './pattern.js';
import type { FunctionWiring, KeyAttribute, OutputWiring, QueueWiring, RuleTarget, RuleWiring, TableWiring, TopicWiring } from './types.js';

export function readResources(value: unknown, fields: Fields): Resources {
  const resources = fields.optionalRecord(value, 'resources.Resources');
  for (const [logicalId, resource] of Object.entries(resources)) fields.record(resource, `resources.Resources.${logicalId}`);
  return resources as Resources;
}

function ofType(resources: Resources, type: string): [string, Record<string, unknown>][] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => [logicalId, isRecord(resource.Properties) ? resource.Properties : {}]);
}

/** Rules with an event pattern (scheduled rules without one are not routing rules). */
export function readRules(resources: Resources, fields: Fields): RuleWiring[] {
  return ofType(resources, 'AWS::Events::Rule')
    .filter(([, properties]) => properties['EventPattern'] !== undefined)
    .map(([logicalId, properties]) => {
      const at = `resources.Resources.${logicalId}.Properties`;
      return {
        logicalId,
        bus: busOf(properties['EventBusName'], resources),
        pattern: readPattern(properties['EventPattern'], `${at}.EventPattern`, fields),
        targets: fields.array(properties['Targets'], `${at}.Targets`).map((target, i) => {
          const arn = fields.record(target, `${at}.Targets[${i}]`)['Arn'];
          return readTarget(arn, resources);
        }),
      };
    });
}

function readTarget(arn: unknown, resources: Resources): RuleTarget {
  const queueLogicalId = queueLogicalIdOf(arn, resources);
  if (queueLogicalId !== undefined) return { kind: 'sqs', queueLogicalId };
  const exportName = importNameOf(arn);
  if (exportName !== undefined && /-BusArn$/.test(exportName)) return { kind: 'bus', bus: busOf(arn, resources) };
  return { kind: 'other', arn };
}

export function readQueues(resources: Resources, functions: FunctionWiring[], fields: Fields): QueueWiring[] {
  const deadLetterTargets = new Set<string>(functions.flatMap((fn) => fn.onFailureQueueLogicalId ?? []));
  for (const [, properties] of ofType(resources, 'AWS::Events::Rule')) {
    for (const target of Array.isArray(properties['Targets']) ? properties['Targets'] : []) {
      const dlq = isRecord(target) && isRecord(target['DeadLetterConfig']) ? target['DeadLetterConfig']['Arn'] : undefined;
      const id = queueLogicalIdOf(dlq, resources);
      if (id !== undefined) deadLetterTargets.add(id);
    }
  }
  const queues = ofType(resources, 'AWS::SQS::Queue').map(([logicalId, properties]): QueueWiring => {
    const at = `resources.Resources.${logicalId}.Properties`;
    const queue: QueueWiring = { logicalId, isDeadLetterQueue: false };
    const queueName = fields.optionalString(properties['QueueName'], `${at}.QueueName`);
    if (queueName !== undefined) queue.queueName = queueName;
    if (properties['VisibilityTimeout'] !== undefined) {
      queue.visibilityTimeoutSeconds = fields.integer(properties['VisibilityTimeout'], `${at}.VisibilityTimeout`, 30);
    }
    if (properties['RedrivePolicy'] !== undefined) {
      const redrive = fields.record(properties['RedrivePolicy'], `${at}.RedrivePolicy`);
      const target = queueLogicalIdOf(redrive['deadLetterTargetArn'], resources);
      if (target === undefined) fields.fail(`${at}.RedrivePolicy.deadLetterTargetArn`, 'expected !GetAtt <Queue>.Arn of a queue declared here');
      deadLetterTargets.add(target);
      queue.redrive = {
        deadLetterQueueLogicalId: target,
        maxReceiveCount: fields.integer(redrive['maxReceiveCount'], `${at}.RedrivePolicy.maxReceiveCount`, 0),
      };
    }
    return queue;
  });
  return queues.map((queue) => ({ ...queue, isDeadLetterQueue: deadLetterTargets.has(queue.logicalId) }));
}

export function readTables(resources: Resources, fields: Fields): TableWiring[] {
  return ofType(resources, 'AWS::DynamoDB::Table').map(([logicalId, properties]) => {
    const at = `resources.Resources.${logicalId}.Properties`;
    const types = new Map(
      fields.array(properties['AttributeDefinitions'], `${at}.AttributeDefinitions`).map((definition, i) => {
        const d = fields.record(definition, `${at}.AttributeDefinitions[${i}]`);
        return [fields.string(d['AttributeName'], `${at}.AttributeDefinitions[${i}].AttributeName`), fields.string(d['AttributeType'], `${at}.AttributeDefinitions[${i}].AttributeType`)];
      }),
    );
    const keys = (schema: unknown, where: string): { partitionKey: KeyAttribute; sortKey?: KeyAttribute } => {
      const byType = new Map(
        fields.array(schema, where).map((element, i) => {
          const e = fields.record(element, `${where}[${i}]`);
          return [fields.string(e['KeyType'], `${where}[${i}].KeyType`), fields.string(e['AttributeName'], `${where}[${i}].AttributeName`)];
        }),
      );
      const attribute = (name: string | undefined): KeyAttribute | undefined =>
        name === undefined ? undefined : { name, type: types.get(name) ?? fields.fail(where, `attribute "${name}" is not in AttributeDefinitions`) };
      const partitionKey = attribute(byType.get('HASH')) ?? fields.fail(where, 'no HASH key');
      const sortKey = attribute(byType.get('RANGE'));
      return sortKey === undefined ? { partitionKey } : { partitionKey, sortKey };
    };
    const table: TableWiring = {
      logicalId,
      ...keys(properties['KeySchema'], `${at}.KeySchema`),
      indexes: fields.array(properties['GlobalSecondaryIndexes'], `${at}.GlobalSecondaryIndexes`).map((index, i) => {
        const where = `${at}.GlobalSecondaryIndexes[${i}]`;
        const gsi = fields.record(index, where);
        return { name: fields.string(gsi['IndexName'], `${where}.IndexName`), ...keys(gsi['KeySchema'], `${where}.KeySchema`) };
      }),
    };
    const tableName = fields.optionalString(properties['TableName'], `${at}.TableName`);
    if (tableName !== undefined) table.tableName = tableName;
    return table;
  });
}

export function readTopics(resources: Resources, fields: Fields): TopicWiring[] {
  return ofType(resources, 'AWS::SNS::Topic').map(([logicalId, properties]) => {
    const topicName = fields.optionalString(properties['TopicName'], `resources.Resources.${logicalId}.Properties.TopicName`);
    return topicName === undefined ? { logicalId } : { logicalId, topicName };
  });
}

export function readOutputs(value: unknown, fields: Fields): OutputWiring[] {
  return Object.entries(fields.optionalRecord(value, 'resources.Outputs')).map(([key, raw]) => {
    const output = fields.record(raw, `resources.Outputs.${key}`);
    const exportName = isRecord(output['Export']) ? output['Export']['Name'] : undefined;
    return typeof exportName === 'string' ? { key, exportName } : { key };
  });
}
