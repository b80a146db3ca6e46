/** `functions:` of a serverless.yml, normalised: handler module, limits, events, environment. */
import path from 'node:path';
import type { Fields } from './fields.js';
import { busOf, environmentSourceOf, isRecord, queueLogicalIdOf } from './intrinsics.js';
import type { Resources } from './intrinsics.js';
import { readPattern } from './pattern.js';
import type { EnvironmentSource, FunctionEvent, FunctionWiring } from './types.js';

/** The framework's defaults when neither the function nor the provider sets them. */
const DEFAULT_TIMEOUT_SECONDS = 6;
const DEFAULT_MEMORY_MB = 1024;
/** Lambda's defaults for an SQS event source mapping. */
const DEFAULT_SQS_BATCH_SIZE = 10;

export interface FunctionsInput {
  serviceDir: string;
  provider: Record<string, unknown>;
  functions: Record<string, unknown>;
  resources: Resources;
}

export function readFunctions(input: FunctionsInput, fields: Fields): FunctionWiring[] {
  const { provider, resources } = input;
  const providerEnvironment = readEnvironment(provider['environment'], 'provider.environment', fields);
  const defaultTimeout = fields.integer(provider['timeout'], 'provider.timeout', DEFAULT_TIMEOUT_SECONDS);
  const defaultMemory = fields.integer(provider['memorySize'], 'provider.memorySize', DEFAULT_MEMORY_MB);

  return Object.entries(input.functions).map(([name, raw]) => {
    const at = `functions.${name}`;
    const fn = fields.record(raw, at);
    const environment = { ...providerEnvironment, ...readEnvironment(fn['environment'], `${at}.environment`, fields) };
    const onFailure = readOnFailure(fn['destinations'], `${at}.destinations`, resources, fields);
    const wiring: FunctionWiring = {
      name,
      handler: readHandler(input.serviceDir, fields.string(fn['handler'], `${at}.handler`), `${at}.handler`, fields),
      timeoutSeconds: fields.integer(fn['timeout'], `${at}.timeout`, defaultTimeout),
      memoryMb: fields.integer(fn['memorySize'], `${at}.memorySize`, defaultMemory),
      events: fields.array(fn['events'], `${at}.events`).flatMap((event, i) => readEvent(event, `${at}.events[${i}]`, resources, fields)),
      environment,
      environmentNames: Object.keys(environment).sort(),
    };
    if (onFailure !== undefined) wiring.onFailureQueueLogicalId = onFailure;
    return wiring;
  });
}

/** `src/handlers/create-job.handler` → `<serviceDir>/src/handlers/create-job.ts`, export `handler`. */
function readHandler(serviceDir: string, declared: string, at: string, fields: Fields): FunctionWiring['handler'] {
  const dot = declared.lastIndexOf('.');
  if (dot <= 0 || dot === declared.length - 1) fields.fail(at, `expected <module path>.<export>, found "${declared}"`);
  return { file: path.resolve(serviceDir, `${declared.slice(0, dot)}.ts`), exportName: declared.slice(dot + 1), declared };
}

function readEnvironment(value: unknown, at: string, fields: Fields): Record<string, EnvironmentSource> {
  const environment = fields.optionalRecord(value, at);
  return Object.fromEntries(Object.entries(environment).map(([name, source]) => [name, environmentSourceOf(source)]));
}

function readOnFailure(value: unknown, at: string, resources: Resources, fields: Fields): string | undefined {
  const onFailure = fields.optionalRecord(value, at)['onFailure'];
  if (onFailure === undefined) return undefined;
  const arn = isRecord(onFailure) ? onFailure['arn'] : onFailure;
  return queueLogicalIdOf(arn, resources);
}

function readEvent(raw: unknown, at: string, resources: Resources, fields: Fields): FunctionEvent[] {
  const event = fields.record(raw, at);
  const [type, ...others] = Object.keys(event);
  if (type === undefined || others.length > 0) fields.fail(at, 'expected exactly one event type per list item');
  const body = event[type];
  switch (type) {
    case 'http':
      return [readHttp(body, `${at}.http`, fields)];
    case 'eventBridge':
      return [readEventBridge(body, `${at}.eventBridge`, resources, fields)];
    case 'sqs':
      return [readSqs(body, `${at}.sqs`, resources, fields)];
    case 'schedule':
      return readSchedule(body, `${at}.schedule`, fields);
    default:
      return fields.fail(at, `event type "${type}" is not supported by the wiring reader`);
  }
}

function readHttp(body: unknown, at: string, fields: Fields): FunctionEvent {
  // Short form: `http: GET jobs/{id}`.
  if (typeof body === 'string') {
    const [method, route, ...rest] = body.trim().split(/\s+/);
    if (method === undefined || route === undefined || rest.length > 0) fields.fail(at, `expected "<METHOD> <path>", found "${body}"`);
    return { kind: 'http', method: method.toUpperCase(), path: normalisePath(route), private: false };
  }
  const http = fields.record(body, at);
  return {
    kind: 'http',
    method: fields.string(http['method'], `${at}.method`).toUpperCase(),
    path: normalisePath(fields.string(http['path'], `${at}.path`)),
    private: fields.boolean(http['private'], `${at}.private`, false),
  };
}

function normalisePath(route: string): string {
  return `/${route.replace(/^\/+/, '')}`;
}

function readEventBridge(body: unknown, at: string, resources: Resources, fields: Fields): FunctionEvent {
  const eventBridge = fields.record(body, at);
  if (eventBridge['pattern'] === undefined && typeof eventBridge['schedule'] === 'string') {
    return { kind: 'schedule', expression: eventBridge['schedule'] };
  }
  const event: FunctionEvent = {
    kind: 'eventBridge',
    bus: busOf(eventBridge['eventBus'], resources),
    pattern: readPattern(eventBridge['pattern'], `${at}.pattern`, fields),
  };
  const ruleName = fields.optionalString(eventBridge['name'], `${at}.name`);
  if (ruleName !== undefined) event.ruleName = ruleName;
  return event;
}

function readSqs(body: unknown, at: string, resources: Resources, fields: Fields): FunctionEvent {
  const sqs = typeof body === 'string' ? { arn: body } : fields.record(body, at);
  const queueLogicalId = queueLogicalIdOf(sqs['arn'], resources);
  if (queueLogicalId === undefined) fields.fail(`${at}.arn`, 'expected !GetAtt <Queue>.Arn of a queue declared under resources');
  return {
    kind: 'sqs',
    queueLogicalId,
    batchSize: fields.integer(sqs['batchSize'], `${at}.batchSize`, DEFAULT_SQS_BATCH_SIZE),
    maximumBatchingWindow: fields.integer(sqs['maximumBatchingWindow'], `${at}.maximumBatchingWindow`, 0),
    reportBatchItemFailures: sqs['functionResponseType'] === 'ReportBatchItemFailures',
  };
}

function readSchedule(body: unknown, at: string, fields: Fields): FunctionEvent[] {
  if (typeof body === 'string') return [{ kind: 'schedule', expression: body }];
  const schedule = fields.record(body, at);
  return fields
    .array(schedule['rate'], `${at}.rate`)
    .map((rate, i) => ({ kind: 'schedule', expression: fields.string(rate, `${at}.rate[${i}]`) }));
}
