/**
 * The notifier's configuration, read once from the environment (serverless.yml sets it) by the
 * composition root, validated, then passed down. Nothing else reads `process.env`.
 */
import { DomainError, awsSettingsFromEnv } from '@s3-bulk-restore/shared';
import type { AwsClientSettings } from '@s3-bulk-restore/shared';

export interface NotifierConfig {
  /** NotifierTable: settings and claims (`NOTIFIER_TABLE`). */
  tableName: string;
  /** Where notifications are published (`NOTIFICATION_TOPIC_ARN`). */
  topicArn: string;
  /** Where notifications are sent for polling consumers (`NOTIFICATION_QUEUE_URL`). */
  queueUrl: string;
  /** Region and endpoint overrides (`AWS_REGION`, `AWS_ENDPOINT_URL_<SERVICE>`). */
  aws: AwsClientSettings;
}

const REQUIRED = {
  tableName: 'NOTIFIER_TABLE',
  topicArn: 'NOTIFICATION_TOPIC_ARN',
  queueUrl: 'NOTIFICATION_QUEUE_URL',
} as const;

/**
 * Read and check the configuration. A missing or empty variable is a `DomainError` with code
 * `ConfigError` naming it. (`EVENT_BUS_NAME` is set too, but the notifier publishes nothing on the bus.)
 *
 * @example readConfig(process.env)
 */
export function readConfig(env: Record<string, string | undefined>): NotifierConfig {
  const value = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) throw new DomainError('ConfigError', `The environment variable ${name} is not set`, { variable: name });
    return v;
  };
  return {
    tableName: value(REQUIRED.tableName),
    topicArn: value(REQUIRED.topicArn),
    queueUrl: value(REQUIRED.queueUrl),
    aws: awsSettingsFromEnv(env),
  };
}
