/**
 * Create, in moto_server, every AWS resource the three services declare in their serverless.yml
 * (tables, the custom bus, queues with their redrive policies, the topic, and the rules with
 * their targets), plus one delivery queue per EventBridge-triggered function: what Lambda's
 * EventBridge target does is played by the harness polling that queue. Patterns and names come
 * from the configuration (local/src/wiring), never from the test.
 */
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { ComposedService, FunctionWiring } from '../../../src/wiring/index.js';
import { createServiceTables } from '../../../../tools/testing/dynamo-tables.js';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

export interface CreatedQueue {
  url: string;
  arn: string;
  name: string;
}

export interface MotoResources {
  busName: string;
  busArn: string;
  tables: Record<string, string>;
  /** By logical id, per service key: `restore-tracker/RestoreEventsQueue`. */
  queues: Record<string, CreatedQueue>;
  /** By queue name (what a `!Sub`-built queue URL names). */
  queuesByName: Record<string, CreatedQueue>;
  topics: Record<string, string>;
  /** The queue the harness polls for each EventBridge-triggered function, by `<service>/<function>`. */
  functionQueues: Record<string, CreatedQueue>;
}

export interface Clients {
  events: EventBridgeClient;
  sqs: SQSClient;
  sns: SNSClient;
}

export function motoClients(endpoint: string): Clients {
  const options = { endpoint, region: REGION, credentials: CREDENTIALS };
  return { events: new EventBridgeClient(options), sqs: new SQSClient(options), sns: new SNSClient(options) };
}

export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<CreatedQueue> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!['QueueArn']!, name };
}

export async function createMotoResources(endpoint: string, services: ComposedService[], clients: Clients, stage: string): Promise<MotoResources> {
  const busName = `s3-bulk-restore-${stage}`;
  const { EventBusArn } = await clients.events.send(new CreateEventBusCommand({ Name: busName }));
  const resources: MotoResources = { busName, busArn: EventBusArn!, tables: {}, queues: {}, queuesByName: {}, topics: {}, functionQueues: {} };
  for (const service of services) {
    const names = await createServiceTables(service.dir, endpoint, stage, (logicalId) => service.tables.find((t) => t.logicalId === logicalId)?.tableName);
    for (const [logicalId, name] of Object.entries(names)) resources.tables[`${service.key}/${logicalId}`] = name;
    // Dead-letter queues first, so redrive policies can name them.
    const ordered = [...service.queues].sort((a, b) => Number(b.isDeadLetterQueue) - Number(a.isDeadLetterQueue));
    for (const q of ordered) {
      const attributes: Record<string, string> = { VisibilityTimeout: '2' };
      if (q.redrive) {
        const dlq = resources.queues[`${service.key}/${q.redrive.deadLetterQueueLogicalId}`]!;
        attributes['RedrivePolicy'] = JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: q.redrive.maxReceiveCount });
      }
      const created = await createQueue(clients.sqs, q.queueName ?? `${service.key}-${q.logicalId}`, attributes);
      resources.queues[`${service.key}/${q.logicalId}`] = created;
      resources.queuesByName[created.name] = created;
    }
    for (const topic of service.topics) {
      const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: topic.topicName ?? topic.logicalId }));
      resources.topics[`${service.key}/${topic.logicalId}`] = TopicArn!;
    }
  }
  for (const service of services) {
    for (const rule of service.rules) {
      const bus = busNameOf(rule.bus, busName);
      const name = `${service.key}-${rule.logicalId}`;
      await clients.events.send(new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify(rule.pattern) }));
      const targets = rule.targets.map((target, i) => {
        if (target.kind === 'sqs') return { Id: `t${i}`, Arn: resources.queues[`${service.key}/${target.queueLogicalId}`]!.arn };
        if (target.kind === 'bus') {
          return { Id: `t${i}`, Arn: target.bus === 'custom' ? resources.busArn : busArnOf(target.bus), RoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/forward-events` };
        }
        throw new Error(`rule ${rule.logicalId}: target kind ${target.kind} is not wired by the harness`);
      });
      await clients.events.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: targets }));
    }
    for (const fn of service.functions) {
      for (const [i, event] of eventBridgeEvents(fn).entries()) {
        const queue = await createQueue(clients.sqs, `fn-${service.key}-${fn.name}-${i}`, { VisibilityTimeout: '1' });
        const rule = `fn-${service.key}-${fn.name}-${i}`;
        const bus = busNameOf(event.bus, busName);
        await clients.events.send(new PutRuleCommand({ Name: rule, EventBusName: bus, EventPattern: JSON.stringify(event.pattern) }));
        await clients.events.send(new PutTargetsCommand({ Rule: rule, EventBusName: bus, Targets: [{ Id: 'lambda', Arn: queue.arn }] }));
        resources.functionQueues[`${service.key}/${fn.name}`] = queue;
      }
    }
  }
  return resources;
}

/** A test queue subscribed to a topic (raw delivery), as a consumer of the notifications would. */
export async function subscribeQueue(clients: Clients, topicArn: string, name: string, filterPolicy?: object): Promise<CreatedQueue> {
  const queue = await createQueue(clients.sqs, name);
  const Attributes: Record<string, string> = { RawMessageDelivery: 'true' };
  if (filterPolicy) Attributes['FilterPolicy'] = JSON.stringify(filterPolicy);
  await clients.sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn, Attributes }));
  return queue;
}

function eventBridgeEvents(fn: FunctionWiring) {
  return fn.events.flatMap((e) => (e.kind === 'eventBridge' ? [e] : []));
}

function busNameOf(bus: string, customBusName: string): string {
  return bus === 'custom' ? customBusName : bus;
}

function busArnOf(bus: string): string {
  return `arn:aws:events:${REGION}:${ACCOUNT_ID}:event-bus/${bus}`;
}
