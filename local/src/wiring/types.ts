/**
 * What a service's serverless.yml declares, normalised for the local runner and the end-to-end
 * harness: which handler runs for which route, event pattern, queue or schedule, and the
 * resources those events flow through. Read from the same file that deploys, so nothing here is
 * ever typed twice.
 */

/** A JSON value as found in an event pattern. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An EventBridge event pattern, exactly as declared (field names such as `detail-type` kept). */
export type EventPattern = { [field: string]: JsonValue };

/**
 * Which bus an event source or rule listens on: `'custom'` is the project's own bus
 * (`s3-bulk-restore-<stage>`, owned by jobs and imported by the others), `'default'` the
 * account's default bus; any other string is the name of some other bus.
 */
export type BusRef = 'custom' | 'default' | (string & Record<never, never>);

/** Where an environment variable's value comes from in the deployment. */
export type EnvironmentSource =
  /** A plain string (`COUNTER_SHARDS: '16'`). */
  | { kind: 'literal'; value: string }
  /** `!Ref X` or `!GetAtt X.Attr` of a resource in the same service (`logicalId` may be a pseudo parameter such as `AWS::AccountId`). */
  | { kind: 'resource'; logicalId: string; attribute?: string }
  /** `!ImportValue name`: another service's export. */
  | { kind: 'import'; exportName: string }
  /** Anything else (`!Sub …`), kept as written. */
  | { kind: 'expression'; value: unknown };

/** An event that invokes a function, normalised. */
export type FunctionEvent =
  | { kind: 'http'; method: string; path: string; private: boolean }
  | { kind: 'eventBridge'; bus: BusRef; pattern: EventPattern; ruleName?: string }
  | {
      kind: 'sqs';
      queueLogicalId: string;
      batchSize: number;
      maximumBatchingWindow: number;
      reportBatchItemFailures: boolean;
    }
  | { kind: 'schedule'; expression: string };

export interface HandlerRef {
  /** Absolute path of the TypeScript source module (`…/src/handlers/create-job.ts`). */
  file: string;
  /** The export the runtime calls (`handler`). */
  exportName: string;
  /** The `handler:` string as written (`src/handlers/create-job.handler`). */
  declared: string;
}

export interface FunctionWiring {
  /** The key under `functions:` (`createJob`). */
  name: string;
  handler: HandlerRef;
  timeoutSeconds: number;
  memoryMb: number;
  events: FunctionEvent[];
  /** Provider-level variables merged with the function's own (the function's win). */
  environment: Record<string, EnvironmentSource>;
  /** The names of `environment`, sorted: what the handler's config reader must accept. */
  environmentNames: string[];
  /** Logical id of the queue asynchronous invocations go to after their last retry. */
  onFailureQueueLogicalId?: string;
}

export type RuleTarget =
  | { kind: 'sqs'; queueLogicalId: string }
  | { kind: 'bus'; bus: BusRef }
  | { kind: 'other'; arn: unknown };

/** An `AWS::Events::Rule` with an event pattern declared under `resources:`. */
export interface RuleWiring {
  logicalId: string;
  bus: BusRef;
  pattern: EventPattern;
  targets: RuleTarget[];
}

export interface QueueWiring {
  logicalId: string;
  queueName?: string;
  visibilityTimeoutSeconds?: number;
  redrive?: { deadLetterQueueLogicalId: string; maxReceiveCount: number };
  /** True when a queue redrive, a rule target or a function's on-failure destination points here. */
  isDeadLetterQueue: boolean;
}

export interface KeyAttribute {
  name: string;
  type: string;
}

export interface TableWiring {
  logicalId: string;
  tableName?: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute }[];
}

export interface TopicWiring {
  logicalId: string;
  topicName?: string;
}

export interface OutputWiring {
  key: string;
  exportName?: string;
}

export interface ServiceWiring {
  /** `service:` (`s3-bulk-restore-jobs`). */
  service: string;
  /** Absolute directory holding serverless.yml. */
  dir: string;
  /** The stage variables were resolved for. */
  stage: string;
  functions: FunctionWiring[];
  rules: RuleWiring[];
  queues: QueueWiring[];
  tables: TableWiring[];
  topics: TopicWiring[];
  outputs: OutputWiring[];
  /** Provider-level environment (what every function gets). */
  environment: Record<string, EnvironmentSource>;
}

/** A service as listed in serverless-compose.yml. */
export interface ComposedService extends ServiceWiring {
  /** Its key in serverless-compose.yml (`restore-tracker`). */
  key: string;
  dependsOn: string[];
}

export interface ReadOptions {
  /** Stage substituted for `${sls:stage}` and `${opt:stage, …}`; default `dev`. */
  stage?: string;
  /** Region substituted for `${opt:region, …}`; default `us-east-1`. */
  region?: string;
}
