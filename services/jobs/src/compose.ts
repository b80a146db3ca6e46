/**
 * The composition root: configuration → SDK clients → adapters → use cases. Handlers call it
 * lazily on their first invocation; tests and the local runner may replace any dependency.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EventBridgeBusPublisher, clientOptions } from '@s3-bulk-restore/shared';
import { DynamoJobStore } from './adapters/aws/dynamo-job-store.js';
import { S3ControlBatchOperations } from './adapters/aws/s3-control-batch-operations.js';
import { S3ManifestInspector } from './adapters/aws/s3-manifest-inspector.js';
import { createJobsApp } from './app/app.js';
import type { JobsApp } from './app/app.js';
import type { JobsDeps } from './app/deps.js';
import type { JobsConfig } from './config.js';

/** The AWS adapters and settings for a configuration. */
export function awsDeps(config: JobsConfig): JobsDeps {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions('dynamodb', config.aws)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    store: new DynamoJobStore({ client: dynamo, tableName: config.jobsTable }),
    ...s3Adapters(config),
    bus: new EventBridgeBusPublisher({ client: new EventBridgeClient(clientOptions('eventbridge', config.aws)), busName: config.eventBusName }),
    now: () => new Date(),
    newId: randomUUID,
    settings: settingsOf(config),
  };
}

/** The S3 side, the same in every runtime: manifests and Batch Operations. */
export function s3Adapters(config: JobsConfig): Pick<JobsDeps, 'manifests' | 'batch'> {
  return {
    manifests: new S3ManifestInspector({ client: new S3Client(clientOptions('s3', config.aws)) }),
    batch: new S3ControlBatchOperations({ client: new S3ControlClient(clientOptions('s3control', config.aws)), accountId: config.accountId }),
  };
}

export function settingsOf(config: JobsConfig): JobsDeps['settings'] {
  return {
    reportBucket: config.reportBucket,
    batchRoleArn: config.batchRoleArn,
    accountId: config.accountId,
    notificationTopicArn: config.notificationTopicArn,
    notificationQueueUrl: config.notificationQueueUrl,
    idempotencyNamespace: config.stage,
  };
}

/** The use cases wired to AWS; `overrides` replaces single dependencies (a clock, a store). */
export function compose(config: JobsConfig, overrides: Partial<JobsDeps> = {}): JobsApp {
  return createJobsApp({ ...awsDeps(config), ...overrides });
}
