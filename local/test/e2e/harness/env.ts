/**
 * The environment each function would get on AWS, resolved against the resources the harness
 * created: `!Ref`/`!GetAtt` of the service's own resources, `!ImportValue` of another service's
 * exports, and `!Sub` with the pseudo parameters. All functions share one process here, so the
 * values are merged; two functions that disagree on a variable are an error.
 */
import type { ComposedService, EnvironmentSource } from '../../../src/wiring/index.js';
import type { MotoResources } from './aws-resources.js';
import { ACCOUNT_ID, REGION } from './aws-resources.js';

export interface Outside {
  reportBucket: string;
  batchRoleArn: string;
}

export function resolveEnvironment(services: ComposedService[], resources: MotoResources, outside: Outside): Record<string, string> {
  const env: Record<string, string> = {};
  for (const service of services) {
    for (const fn of service.functions) {
      for (const [name, source] of Object.entries(fn.environment)) {
        if (name === 'NODE_OPTIONS') continue;
        const value = resolve(service, source, resources, outside);
        if (env[name] !== undefined && env[name] !== value) {
          throw new Error(`${service.key}/${fn.name}: ${name} resolves to ${value}, another function has ${env[name]}`);
        }
        env[name] = value;
      }
    }
  }
  return env;
}

function resolve(service: ComposedService, source: EnvironmentSource, r: MotoResources, outside: Outside): string {
  switch (source.kind) {
    case 'literal':
      return source.value;
    case 'import':
      return resolveImport(source.exportName, r);
    case 'expression':
      return resolveSub(source.value, r);
    case 'resource': {
      const { logicalId, attribute } = source;
      if (logicalId === 'AWS::AccountId') return ACCOUNT_ID;
      if (logicalId === 'AWS::Region') return REGION;
      if (logicalId === 'EventBus') return attribute === 'Arn' ? r.busArn : r.busName;
      if (logicalId === 'ReportBucket') return outside.reportBucket;
      if (logicalId === 'BatchOperationsRole') return outside.batchRoleArn;
      const table = r.tables[`${service.key}/${logicalId}`];
      if (table) return table;
      const queue = r.queues[`${service.key}/${logicalId}`];
      if (queue) return attribute === 'Arn' ? queue.arn : attribute === 'QueueName' ? queue.name : queue.url;
      const topic = r.topics[`${service.key}/${logicalId}`];
      if (topic) return topic;
      throw new Error(`${service.key}: no harness resource for ${logicalId}${attribute ? `.${attribute}` : ''}`);
    }
  }
}

function resolveImport(exportName: string, r: MotoResources): string {
  if (exportName.endsWith('-BusName')) return r.busName;
  if (exportName.endsWith('-BusArn')) return r.busArn;
  throw new Error(`the harness cannot resolve !ImportValue ${exportName}`);
}

/** `!Sub` with pseudo parameters; queue URLs are then pointed at moto's queue of that name. */
function resolveSub(value: unknown, r: MotoResources): string {
  const template = (value as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  if (typeof template !== 'string') throw new Error(`the harness cannot resolve ${JSON.stringify(value)}`);
  const text = template
    .replaceAll('${AWS::Partition}', 'aws')
    .replaceAll('${AWS::Region}', REGION)
    .replaceAll('${AWS::AccountId}', ACCOUNT_ID)
    .replaceAll('${AWS::URLSuffix}', 'amazonaws.com');
  const queueUrl = /^https:\/\/sqs\.[^/]+\/\d{12}\/(.+)$/.exec(text);
  if (queueUrl) {
    const queue = r.queuesByName[queueUrl[1]!];
    if (!queue) throw new Error(`no queue named ${queueUrl[1]} for ${text}`);
    return queue.url;
  }
  return text;
}
