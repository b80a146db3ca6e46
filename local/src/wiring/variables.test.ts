import { describe, expect, test } from '@jest/globals';
import { paramsFor, resolveString, resolveVariables } from './variables.js';

const context = { stage: 'prod', region: 'eu-west-1', service: 'svc', params: { manifestBuckets: 'a,b' } };

describe('resolveString', () => {
  test('replaces stage, region, service and params', () => {
    expect(resolveString("${sls:stage}/${opt:stage, 'dev'}/${opt:region, 'us-east-1'}/${self:service}/${param:manifestBuckets}", context)).toBe(
      'prod/prod/eu-west-1/svc/a,b',
    );
  });

  test('leaves CloudFormation substitutions and unknown params for later', () => {
    expect(resolveString('arn:${AWS::Partition}:s3:::${Names}/${param:missing}', context)).toBe('arn:${AWS::Partition}:s3:::${Names}/${param:missing}');
  });
});

describe('resolveVariables', () => {
  test('walks lists, mappings and keys', () => {
    expect(resolveVariables({ 'k-${sls:stage}': ['${sls:stage}', 1, { Ref: 'X' }] }, context)).toEqual({ 'k-prod': ['prod', 1, { Ref: 'X' }] });
  });
});

describe('paramsFor', () => {
  test('takes the stage section over default', () => {
    expect(paramsFor({ default: { a: '1', b: '2' }, prod: { b: '3' } }, 'prod')).toEqual({ a: '1', b: '3' });
    expect(paramsFor(undefined, 'dev')).toEqual({});
  });
});
