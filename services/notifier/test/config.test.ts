import { describe, expect, it } from '@jest/globals';
import { readConfig } from '../src/config.js';

const env = {
  NOTIFIER_TABLE: 's3-bulk-restore-dev-notifier',
  NOTIFICATION_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:s3-bulk-restore-dev-notifications',
  NOTIFICATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/s3-bulk-restore-dev-notifications',
  EVENT_BUS_NAME: 's3-bulk-restore-dev',
  AWS_REGION: 'eu-west-1',
};

describe('readConfig', () => {
  it('reads the table, topic, queue, region and endpoint overrides', () => {
    expect(readConfig({ ...env, AWS_ENDPOINT_URL_SNS: 'http://127.0.0.1:5000' })).toEqual({
      tableName: env.NOTIFIER_TABLE,
      topicArn: env.NOTIFICATION_TOPIC_ARN,
      queueUrl: env.NOTIFICATION_QUEUE_URL,
      aws: { region: 'eu-west-1', endpoints: { sns: 'http://127.0.0.1:5000' } },
    });
  });

  it.each(['NOTIFIER_TABLE', 'NOTIFICATION_TOPIC_ARN', 'NOTIFICATION_QUEUE_URL'])('names %s when it is missing or blank', (variable) => {
    expect(() => readConfig({ ...env, [variable]: undefined })).toThrow(expect.objectContaining({ code: 'ConfigError', details: { variable } }));
    expect(() => readConfig({ ...env, [variable]: '  ' })).toThrow(expect.objectContaining({ code: 'ConfigError', details: { variable } }));
  });
});
