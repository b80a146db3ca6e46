/**
 * The environment each service's functions get in the local runner, resolved from the same
 * `environment:` block that deploys: `!Ref`/`!GetAtt` of the service's tables, queues and topics
 * become local names (SQLite and the in-process bus do not care about them, the config readers
 * do), `!ImportValue` of the bus export becomes the local bus, `!Sub` gets the pseudo parameters,
 * and resources that are not emulated (the report bucket, the Batch Operations role) come from
 * `provided`. A reference nothing can resolve is a `WiringError` at start, never a silent gap.
 */
import path from 'node:path';
import { WiringError } from '../wiring/index.js';
import type { ComposedService, EnvironmentSource } from '../wiring/index.js';

export interface LocalAccount {
  accountId: string;
  region: string;
  /** The project's custom bus, as the services name it. */
  busName: string;
}

/** Values for resources the runner does not emulate, by logical id (`ReportBucket` → a bucket name). */
export type ProvidedResources = Record<string, { ref: string; arn?: string }>;

/** Variables the runtime sets itself and the services never read. */
const RUNTIME_ONLY = new Set(['NODE_OPTIONS']);

/**
 * Every variable any function of `service` declares, resolved. Functions of one service share
 * one process here, so two functions that disagree on a variable are an error.
 */
export function serviceEnvironment(service: ComposedService, account: LocalAccount, provided: ProvidedResources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const fn of service.functions) {
    for (const [name, source] of Object.entries(fn.environment)) {
      if (RUNTIME_ONLY.has(name)) continue;
      const value = resolveSource(service, source, account, provided, `functions.${fn.name}.environment.${name}`);
      if (env[name] !== undefined && env[name] !== value) {
        throw new WiringError(`${name} is ${value}, another function of the service has ${env[name]}`, place(service, `functions.${fn.name}.environment.${name}`));
      }
      env[name] = value;
    }
  }
  return env;
}

function resolveSource(service: ComposedService, source: EnvironmentSource, account: LocalAccount, provided: ProvidedResources, where: string): string {
  switch (source.kind) {
    case 'literal':
      return source.value;
    case 'import':
      if (source.exportName.endsWith('-BusName')) return account.busName;
      if (source.exportName.endsWith('-BusArn')) return busArn(account);
      throw new WiringError(`the local runner cannot resolve !ImportValue ${source.exportName}`, place(service, where));
    case 'expression':
      return substitute(source.value, account, where, service);
    case 'resource':
      return resolveResource(service, source.logicalId, source.attribute, account, provided, where);
  }
}

function resolveResource(
  service: ComposedService,
  logicalId: string,
  attribute: string | undefined,
  account: LocalAccount,
  provided: ProvidedResources,
  where: string,
): string {
  const pseudo = pseudoParameter(logicalId, account);
  if (pseudo !== undefined) return pseudo;
  const { accountId, region } = account;
  const table = service.tables.find((t) => t.logicalId === logicalId);
  if (table) {
    const name = table.tableName ?? `${service.service}-${logicalId}`;
    return attribute === 'Arn' ? `arn:aws:dynamodb:${region}:${accountId}:table/${name}` : name;
  }
  const queue = service.queues.find((q) => q.logicalId === logicalId);
  if (queue) {
    const name = queue.queueName ?? `${service.service}-${logicalId}`;
    if (attribute === 'Arn') return `arn:aws:sqs:${region}:${accountId}:${name}`;
    if (attribute === 'QueueName') return name;
    return `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
  }
  const topic = service.topics.find((t) => t.logicalId === logicalId);
  if (topic) {
    const name = topic.topicName ?? `${service.service}-${logicalId}`;
    return attribute === 'TopicName' ? name : `arn:aws:sns:${region}:${accountId}:${name}`;
  }
  const value = provided[logicalId];
  if (value) {
    if (attribute === 'Arn') {
      if (!value.arn) throw new WiringError(`no ARN is provided for ${logicalId}`, place(service, where));
      return value.arn;
    }
    return value.ref;
  }
  throw new WiringError(`the local runner has nothing for ${logicalId}${attribute ? `.${attribute}` : ''}`, place(service, where));
}

function pseudoParameter(name: string, account: LocalAccount): string | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return account.accountId;
    case 'AWS::Region':
      return account.region;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return undefined;
  }
}

/** `!Sub` with pseudo parameters only (what the services' environment blocks use). */
function substitute(value: unknown, account: LocalAccount, where: string, service: ComposedService): string {
  const template = (value as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  if (typeof template !== 'string') throw new WiringError(`the local runner cannot resolve ${JSON.stringify(value)}`, place(service, where));
  return template.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const resolved = pseudoParameter(name, account);
    if (resolved === undefined) throw new WiringError(`the local runner cannot resolve ${whole} in !Sub`, place(service, where));
    return resolved;
  });
}

function place(service: ComposedService, at: string): { file: string; at: string } {
  return { file: path.join(service.dir, 'serverless.yml'), at };
}

export function busArn(account: LocalAccount): string {
  return `arn:aws:events:${account.region}:${account.accountId}:event-bus/${account.busName}`;
}
