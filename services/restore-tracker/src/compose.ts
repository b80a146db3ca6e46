/** The composition root: configuration → AWS clients → adapters → use cases. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { EventBridgeBusPublisher, clientOptions } from '@s3-bulk-restore/shared';
import { DynamoTrackerStore } from './adapters/aws/dynamo/tracker-store.js';
import { S3CompletionReports } from './adapters/aws/s3-completion-reports.js';
import { S3ObjectObserver } from './adapters/aws/s3-object-observer.js';
import { S3ControlBatchJobs } from './adapters/aws/s3-control-batch-jobs.js';
import { S3ManifestSource } from './adapters/aws/s3-manifest-source.js';
import { createTrackerApp } from './app/app.js';
import type { TrackerApp } from './app/app.js';
import type { TrackerDeps } from './app/deps.js';
import { jsonLog } from './app/log.js';
import type { Log } from './app/ports.js';
import type { TrackerConfig } from './config.js';

export interface ComposeOptions {
  now?: () => Date;
  log?: Log;
}

/** The AWS-backed dependencies for `config`. */
export function awsDeps(config: TrackerConfig, options: ComposeOptions = {}): TrackerDeps {
  return {
    ...s3Deps(config, options),
    store: new DynamoTrackerStore({ client: new DynamoDBClient(clientOptions('dynamodb', config.aws)), tables: config.tables }),
    bus: new EventBridgeBusPublisher({ client: new EventBridgeClient(clientOptions('eventbridge', config.aws)), busName: config.eventBusName }),
  };
}

/**
 * Everything but the store and the bus — the same in every runtime: S3 (one client for manifests,
 * reports and the sweep), S3 Control, the settings, time and the log.
 */
export function s3Deps(config: TrackerConfig, options: ComposeOptions = {}): Omit<TrackerDeps, 'store' | 'bus'> {
  const s3 = new S3Client(clientOptions('s3', config.aws));
  return {
    manifests: new S3ManifestSource({ client: s3 }),
    batchJobs: new S3ControlBatchJobs({ client: new S3ControlClient(clientOptions('s3control', config.aws)), accountId: config.accountId }),
    reports: new S3CompletionReports({ client: s3 }),
    observer: new S3ObjectObserver({ client: s3 }),
    counterShards: config.counterShards,
    timeoutMarginHours: config.timeoutMarginHours,
    registrationRangeBytes: config.registrationRangeBytes,
    now: options.now ?? (() => new Date()),
    log: options.log ?? jsonLog,
  };
}

export function compose(config: TrackerConfig, options: ComposeOptions = {}): TrackerApp {
  return createTrackerApp(awsDeps(config, options), {}, { minAgeMs: config.sweepAfterMs });
}

