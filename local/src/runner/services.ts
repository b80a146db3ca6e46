/**
 * How each service is composed in the runner: its own configuration reader over the environment
 * its serverless.yml declares, then its embedded composition. This table says which service key
 * (serverless-compose.yml) is which code; everything about routes, patterns, queues and schedules
 * is read from the services' configuration, not from here.
 */
import type { BusPublisher } from '@s3-bulk-restore/shared';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import { readConfig as readJobsConfig } from '../../../services/jobs/src/config.js';
import { composeEmbedded as composeJobs } from '../../../services/jobs/src/compose-embedded.js';
import { composeEmbedded as composeNotifier } from '../../../services/notifier/src/compose-embedded.js';
import { readConfig as readNotifierConfig } from '../../../services/notifier/src/config.js';
import type { NotificationSink } from '../../../services/notifier/src/app/ports.js';
import { composeEmbedded as composeTracker } from '../../../services/restore-tracker/src/compose-embedded.js';
import { readConfig as readTrackerConfig } from '../../../services/restore-tracker/src/config.js';
import type { AwsClientSettings } from '@s3-bulk-restore/shared';

export interface ServiceContext {
  /** The service's environment, resolved from its serverless.yml plus the AWS settings. */
  env: Record<string, string>;
  /** Credentials for the sandbox (any will do); absent against AWS (the default chain). */
  credentials?: AwsClientSettings['credentials'];
  db: SqliteDatabase;
  bus: BusPublisher;
  sink: NotificationSink;
  now: () => Date;
  log: (entry: Record<string, unknown>) => void;
}

type Composer = (context: ServiceContext) => unknown;

function withCredentials<T extends { aws: AwsClientSettings }>(config: T, credentials: AwsClientSettings['credentials']): T {
  return credentials ? { ...config, aws: { ...config.aws, credentials } } : config;
}

/** The app each service key's handler factories take. */
export const SERVICE_COMPOSERS: Record<string, Composer> = {
  jobs: (c) => composeJobs(withCredentials(readJobsConfig(c.env), c.credentials), { db: c.db, bus: c.bus, now: c.now }),
  'restore-tracker': (c) => composeTracker(withCredentials(readTrackerConfig(c.env), c.credentials), { db: c.db, bus: c.bus, now: c.now, log: c.log }),
  notifier: (c) => {
    readNotifierConfig(c.env); // validated like on AWS, though the local sink needs none of it
    return composeNotifier({ db: c.db, sink: c.sink, now: c.now });
  },
};
