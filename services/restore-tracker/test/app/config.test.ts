import { describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config.js';

const env = {
  OBJECTS_TABLE: 'objects',
  EVENT_LOG_TABLE: 'log',
  PROGRESS_TABLE: 'progress',
  EVENT_BUS_NAME: 'bus',
  ACCOUNT_ID: '123456789012',
  COUNTER_SHARDS: '16',
  SWEEP_AFTER_MINUTES: '60',
  TIMEOUT_MARGIN_HOURS: '12',
  REGISTRATION_RANGE_KIB: '16384',
  AWS_REGION: 'eu-west-1',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:5000',
};

describe('readConfig', () => {
  it('reads every setting once', () => {
    expect(readConfig(env)).toEqual({
      tables: { objects: 'objects', eventLog: 'log', progress: 'progress' },
      eventBusName: 'bus',
      accountId: '123456789012',
      counterShards: 16,
      sweepAfterMs: 3_600_000,
      timeoutMarginHours: 12,
      registrationRangeBytes: 16 * 1024 * 1024,
      aws: { region: 'eu-west-1', endpoints: { dynamodb: 'http://127.0.0.1:5000' } },
    });
  });

  it.each(['OBJECTS_TABLE', 'EVENT_LOG_TABLE', 'PROGRESS_TABLE', 'EVENT_BUS_NAME', 'ACCOUNT_ID', 'COUNTER_SHARDS', 'SWEEP_AFTER_MINUTES', 'TIMEOUT_MARGIN_HOURS', 'REGISTRATION_RANGE_KIB'])('names a missing %s', (name) => {
    expect(() => readConfig({ ...env, [name]: undefined })).toThrow(expect.objectContaining({ code: 'ConfigError', details: expect.objectContaining({ variable: name }) }));
  });

  it.each([
    ['1', 1],
    ['256', 256],
  ])('accepts COUNTER_SHARDS=%s', (value, shards) => {
    expect(readConfig({ ...env, COUNTER_SHARDS: value }).counterShards).toBe(shards);
  });

  it.each(['0', '257', '2.5', 'many'])('refuses COUNTER_SHARDS=%s', (value) => {
    expect(() => readConfig({ ...env, COUNTER_SHARDS: value })).toThrow(expect.objectContaining({ code: 'ConfigError' }));
  });

  it.each(['-1', '721', '1.5', 'soon'])('refuses TIMEOUT_MARGIN_HOURS=%s', (value) => {
    expect(() => readConfig({ ...env, TIMEOUT_MARGIN_HOURS: value })).toThrow(expect.objectContaining({ code: 'ConfigError', details: expect.objectContaining({ variable: 'TIMEOUT_MARGIN_HOURS' }) }));
  });
});
