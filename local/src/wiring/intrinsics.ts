/**
 * Reading CloudFormation intrinsics as yaml-cfn parses them (`!Ref X` → `{Ref: 'X'}`,
 * `!GetAtt X.Arn` → `{'Fn::GetAtt': ['X', 'Arn']}`, `!ImportValue n` → `{'Fn::ImportValue': 'n'}`).
 */
import type { BusRef, EnvironmentSource } from './types.js';

export type Resources = Record<string, { Type?: unknown; Properties?: Record<string, unknown> }>;

/** `!Ref X` or `!GetAtt X.Attr`: the resource (or pseudo parameter) referred to. */
export function referenceOf(value: unknown): { logicalId: string; attribute?: string } | undefined {
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  if (typeof value['Ref'] === 'string') return { logicalId: value['Ref'] };
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt.length === 2 && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
    return { logicalId: getAtt[0], attribute: getAtt[1] };
  }
  return undefined;
}

/** `!ImportValue name`: the export's name, when it is a plain string. */
export function importNameOf(value: unknown): string | undefined {
  if (!isRecord(value) || Object.keys(value).length !== 1) return undefined;
  const name = value['Fn::ImportValue'];
  return typeof name === 'string' ? name : undefined;
}

/** The logical id of a queue given as `!GetAtt Queue.Arn` (or `!Ref Queue`), if it is one here. */
export function queueLogicalIdOf(value: unknown, resources: Resources): string | undefined {
  const ref = referenceOf(value);
  if (!ref || resources[ref.logicalId]?.Type !== 'AWS::SQS::Queue') return undefined;
  return ref.attribute === undefined || ref.attribute === 'Arn' ? ref.logicalId : undefined;
}

/** Exports of the project's bus, as jobs names them: `s3-bulk-restore-<stage>-BusName` / `-BusArn`. */
const BUS_EXPORT = /-Bus(Name|Arn)$/;

/**
 * Which bus an `eventBus:` or `EventBusName:` value names. The project's bus is `'custom'`
 * whether it is imported (consumers) or referenced in the same stack (jobs, which owns it).
 */
export function busOf(value: unknown, resources: Resources): BusRef {
  if (value === undefined || value === null || value === 'default') return 'default';
  const exportName = importNameOf(value);
  if (exportName !== undefined && BUS_EXPORT.test(exportName)) return 'custom';
  const ref = referenceOf(value);
  if (ref && resources[ref.logicalId]?.Type === 'AWS::Events::EventBus') return 'custom';
  if (typeof value === 'string') {
    // An ARN names the bus after `event-bus/`, as the framework reads it.
    const name = value.startsWith('arn:') ? value.slice(value.indexOf('/') + 1) : value;
    return name === 'default' ? 'default' : name;
  }
  return JSON.stringify(value);
}

/** Where an environment variable's value comes from. */
export function environmentSourceOf(value: unknown): EnvironmentSource {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'literal', value: String(value) };
  }
  const ref = referenceOf(value);
  if (ref) return ref.attribute === undefined ? { kind: 'resource', logicalId: ref.logicalId } : { kind: 'resource', ...ref };
  const exportName = importNameOf(value);
  if (exportName !== undefined) return { kind: 'import', exportName };
  return { kind: 'expression', value };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
