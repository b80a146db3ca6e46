/**
 * The jobs service's configuration, read once from an environment (serverless.yml sets these on
 * AWS; tests and the local runner pass their own) and validated: a missing or malformed variable
 * is a `ConfigError` naming it, at the first invocation, not a mysterious failure later.
 */
import { DomainError, awsSettingsFromEnv } from '@s3-bulk-restore/shared';
import type { AwsClientSettings } from '@s3-bulk-restore/shared';

export interface JobsConfig {
  jobsTable: string;
  eventBusName: string;
  reportBucket: string;
  batchRoleArn: string;
  accountId: string;
  notificationTopicArn: string;
  notificationQueueUrl: string;
  stage: string;
  aws: AwsClientSettings;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/**
 * @throws DomainError `ConfigError` with `details.variable` naming the variable at fault
 * @example readConfig(process.env)
 */
export function readConfig(env: Record<string, string | undefined>): JobsConfig {
  const required = (name: string, pattern?: RegExp): string => {
    const value = env[name]?.trim();
    if (!value) throw new DomainError('ConfigError', `The environment variable ${name} is not set`, { variable: name });
    if (pattern && !pattern.test(value)) throw new DomainError('ConfigError', `The environment variable ${name} is not valid: ${value}`, { variable: name });
    return value;
  };
  return {
    jobsTable: required('JOBS_TABLE'),
    eventBusName: required('EVENT_BUS_NAME'),
    reportBucket: required('REPORT_BUCKET'),
    batchRoleArn: required('BATCH_ROLE_ARN', ROLE_ARN),
    accountId: required('ACCOUNT_ID', ACCOUNT_ID),
    notificationTopicArn: required('NOTIFICATION_TOPIC_ARN'),
    notificationQueueUrl: required('NOTIFICATION_QUEUE_URL'),
    stage: required('STAGE'),
    aws: awsSettingsFromEnv(env),
  };
}
