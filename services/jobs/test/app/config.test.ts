/** readConfig: every variable the service needs, validated once, named when missing. */
import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@s3-bulk-restore/shared';
import { readConfig } from '../../src/config.js';

const env = {
  JOBS_TABLE: 's3-bulk-restore-dev-jobs',
  EVENT_BUS_NAME: 's3-bulk-restore-dev',
  REPORT_BUCKET: 's3-bulk-restore-jobs-dev-reportbucket-1a2b3c',
  BATCH_ROLE_ARN: 'arn:aws:iam::123456789012:role/s3-bulk-restore-jobs-dev-BatchOperationsRole-ABC',
  ACCOUNT_ID: '123456789012',
  NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:s3-bulk-restore-dev-notifications',
  NOTIFICATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/s3-bulk-restore-dev-notifications',
  STAGE: 'dev',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000',
};

function configError(e: Record<string, string | undefined>): DomainError {
  try {
    readConfig(e);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  it('reads every variable and the AWS settings', () => {
    expect(readConfig(env)).toMatchObject({
      jobsTable: env.JOBS_TABLE,
      eventBusName: env.EVENT_BUS_NAME,
      reportBucket: env.REPORT_BUCKET,
      batchRoleArn: env.BATCH_ROLE_ARN,
      accountId: '123456789012',
      notificationTopicArn: env.NOTIFICATION_TOPIC_ARN,
      notificationQueueUrl: env.NOTIFICATION_QUEUE_URL,
      stage: 'dev',
      aws: { region: 'eu-west-1', endpoints: { dynamodb: 'http://127.0.0.1:5000' } },
    });
  });

  it.each(['JOBS_TABLE', 'EVENT_BUS_NAME', 'REPORT_BUCKET', 'BATCH_ROLE_ARN', 'ACCOUNT_ID', 'NOTIFICATION_TOPIC_ARN', 'NOTIFICATION_QUEUE_URL', 'STAGE'])(
    'a missing %s is a ConfigError naming it',
    (name) => {
      const error = configError({ ...env, [name]: undefined });
      expect(error).toMatchObject({ code: 'ConfigError', details: { variable: name } });
      expect(error.message).toContain(name);
    },
  );

  it('a malformed account id or role ARN is a ConfigError', () => {
    expect(configError({ ...env, ACCOUNT_ID: '1234' })).toMatchObject({ code: 'ConfigError', details: { variable: 'ACCOUNT_ID' } });
    expect(configError({ ...env, BATCH_ROLE_ARN: 'batch-role' })).toMatchObject({ code: 'ConfigError', details: { variable: 'BATCH_ROLE_ARN' } });
  });
});
