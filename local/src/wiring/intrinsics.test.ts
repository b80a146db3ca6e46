import { describe, expect, test } from '@jest/globals';
import { busOf, environmentSourceOf, queueLogicalIdOf } from './intrinsics.js';

const resources = {
  EventBus: { Type: 'AWS::Events::EventBus', Properties: { Name: 's3-bulk-restore-dev' } },
  WorkQueue: { Type: 'AWS::SQS::Queue' },
  Table: { Type: 'AWS::DynamoDB::Table' },
};

describe('busOf', () => {
  test.each([
    [undefined, 'default'],
    ['default', 'default'],
    [{ 'Fn::ImportValue': 's3-bulk-restore-dev-BusName' }, 'custom'],
    [{ 'Fn::ImportValue': 's3-bulk-restore-dev-BusArn' }, 'custom'],
    [{ 'Fn::GetAtt': ['EventBus', 'Name'] }, 'custom'],
    [{ Ref: 'EventBus' }, 'custom'],
    ['arn:aws:events:us-east-1:123456789012:event-bus/partner-bus', 'partner-bus'],
    ['some-bus', 'some-bus'],
  ])('%j is %s', (value, expected) => {
    expect(busOf(value, resources)).toBe(expected);
  });
});

describe('queueLogicalIdOf', () => {
  test('accepts GetAtt Arn and Ref of a declared queue only', () => {
    expect(queueLogicalIdOf({ 'Fn::GetAtt': ['WorkQueue', 'Arn'] }, resources)).toBe('WorkQueue');
    expect(queueLogicalIdOf({ Ref: 'WorkQueue' }, resources)).toBe('WorkQueue');
    expect(queueLogicalIdOf({ 'Fn::GetAtt': ['WorkQueue', 'QueueName'] }, resources)).toBeUndefined();
    expect(queueLogicalIdOf({ 'Fn::GetAtt': ['Table', 'Arn'] }, resources)).toBeUndefined();
    expect(queueLogicalIdOf('arn:aws:sqs:us-east-1:123456789012:q', resources)).toBeUndefined();
  });
});

describe('environmentSourceOf', () => {
  test('tells literals, references, imports and expressions apart', () => {
    expect(environmentSourceOf('16')).toEqual({ kind: 'literal', value: '16' });
    expect(environmentSourceOf({ Ref: 'AWS::AccountId' })).toEqual({ kind: 'resource', logicalId: 'AWS::AccountId' });
    expect(environmentSourceOf({ 'Fn::GetAtt': ['EventBus', 'Name'] })).toEqual({ kind: 'resource', logicalId: 'EventBus', attribute: 'Name' });
    expect(environmentSourceOf({ 'Fn::ImportValue': 'x-BusName' })).toEqual({ kind: 'import', exportName: 'x-BusName' });
    expect(environmentSourceOf({ 'Fn::Sub': 'arn:${AWS::Partition}' })).toEqual({ kind: 'expression', value: { 'Fn::Sub': 'arn:${AWS::Partition}' } });
  });
});
