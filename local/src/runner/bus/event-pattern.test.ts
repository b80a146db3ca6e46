import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { readAllServices } from '../../wiring/index.js';
import { compilePattern, EventPatternError, matchesPattern } from './event-pattern.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** [what, pattern, event, expected] */
type Case = [string, unknown, Record<string, unknown>, boolean];
const detail = (fields: Record<string, unknown>) => ({ source: 'app', 'detail-type': 'T', detail: fields });

const cases: Case[] = [
  // exact values, OR inside a list, AND across fields
  ['exact string', { source: ['app'] }, detail({}), true],
  ['exact string, other value', { source: ['other'] }, detail({}), false],
  ['any listed value (OR)', { source: ['x', 'app'] }, detail({}), true],
  ['every field (AND), one fails', { source: ['app'], 'detail-type': ['U'] }, detail({}), false],
  ['strings are case-sensitive', { source: ['APP'] }, detail({}), false],
  ['number compared numerically', { detail: { n: [5] } }, detail({ n: 5.0 }), true],
  ['number never equals its string', { detail: { n: [5] } }, detail({ n: '5' }), false],
  ['string never equals a number', { detail: { n: ['5'] } }, detail({ n: 5 }), false],
  ['boolean', { detail: { ok: [true] } }, detail({ ok: true }), true],
  ['boolean, other value', { detail: { ok: [true] } }, detail({ ok: false }), false],
  ['null matches null', { detail: { v: [null] } }, detail({ v: null }), true],
  ['null does not match a missing field', { detail: { v: [null] } }, detail({}), false],
  ['empty string', { detail: { v: [''] } }, detail({ v: '' }), true],
  // arrays on the event side: any element
  ['event array: any element matches', { resources: ['arn:b'] }, { resources: ['arn:a', 'arn:b'] }, true],
  ['event array: no element matches', { resources: ['arn:c'] }, { resources: ['arn:a', 'arn:b'] }, false],
  ['event array with pattern array (intersection)', { resources: ['arn:c', 'arn:a'] }, { resources: ['arn:a'] }, true],
  ['empty event array matches nothing', { resources: ['arn:a'] }, { resources: [] }, false],
  // nesting
  ['nested field', { detail: { job: { status: ['DONE'] } } }, detail({ job: { status: 'DONE' } }), true],
  ['nested field missing', { detail: { job: { status: ['DONE'] } } }, detail({}), false],
  ['a leaf list never matches an object', { detail: { job: ['DONE'] } }, detail({ job: { status: 'DONE' } }), false],
  ['nested pattern into an array of objects', { detail: { items: { key: ['b'] } } }, detail({ items: [{ key: 'a' }, { key: 'b' }] }), true],
  ['nested pattern into an array of objects, no match', { detail: { items: { key: ['c'] } } }, detail({ items: [{ key: 'a' }] }), false],
  ['missing field', { detail: { key: ['a'] } }, detail({}), false],
  ['inherited property is not a field', { detail: { constructor: [{ exists: true }] } }, detail({}), false],
  // prefix / suffix / equals-ignore-case
  ['prefix', { source: [{ prefix: 'ap' }] }, detail({}), true],
  ['prefix, no match', { source: [{ prefix: 'pp' }] }, detail({}), false],
  ['prefix on a number', { detail: { n: [{ prefix: '1' }] } }, detail({ n: 12 }), false],
  ['prefix ignoring case', { source: [{ prefix: { 'equals-ignore-case': 'AP' } }] }, detail({}), true],
  ['suffix', { detail: { key: [{ suffix: '.tar' }] } }, detail({ key: 'a/b.tar' }), true],
  ['suffix, no match', { detail: { key: [{ suffix: '.tar' }] } }, detail({ key: 'a/b.zip' }), false],
  ['suffix ignoring case', { detail: { key: [{ suffix: { 'equals-ignore-case': '.TAR' } }] } }, detail({ key: 'b.tar' }), true],
  ['equals-ignore-case', { detail: { s: [{ 'equals-ignore-case': 'done' }] } }, detail({ s: 'DoNe' }), true],
  ['equals-ignore-case, no match', { detail: { s: [{ 'equals-ignore-case': 'done' }] } }, detail({ s: 'done!' }), false],
  // anything-but
  ['anything-but value', { detail: { s: [{ 'anything-but': 'FAILED' }] } }, detail({ s: 'DONE' }), true],
  ['anything-but value, excluded', { detail: { s: [{ 'anything-but': 'FAILED' }] } }, detail({ s: 'FAILED' }), false],
  ['anything-but list, excluded', { detail: { s: [{ 'anything-but': ['FAILED', 'CANCELLED'] }] } }, detail({ s: 'CANCELLED' }), false],
  ['anything-but number', { detail: { n: [{ 'anything-but': [0, 1] }] } }, detail({ n: 2 }), true],
  ['anything-but needs the field', { detail: { s: [{ 'anything-but': 'FAILED' }] } }, detail({}), false],
  ['anything-but: any array element not excluded', { detail: { s: [{ 'anything-but': 'a' }] } }, detail({ s: ['a', 'b'] }), true],
  ['anything-but: every array element excluded', { detail: { s: [{ 'anything-but': 'a' }] } }, detail({ s: ['a', 'a'] }), false],
  ['anything-but prefix', { detail: { key: [{ 'anything-but': { prefix: 'tmp/' } }] } }, detail({ key: 'tmp/x' }), false],
  ['anything-but prefix, other key', { detail: { key: [{ 'anything-but': { prefix: 'tmp/' } }] } }, detail({ key: 'a/tmp/x' }), true],
  ['anything-but suffix', { detail: { key: [{ 'anything-but': { suffix: '.tmp' } }] } }, detail({ key: 'a.tmp' }), false],
  ['anything-but equals-ignore-case list', { detail: { s: [{ 'anything-but': { 'equals-ignore-case': ['failed', 'x'] } }] } }, detail({ s: 'Failed' }), false],
  ['anything-but wildcard', { detail: { key: [{ 'anything-but': { wildcard: 'tmp/*' } }] } }, detail({ key: 'keep/a' }), true],
  // exists
  ['exists: true, present', { detail: { jobId: [{ exists: true }] } }, detail({ jobId: 'j1' }), true],
  ['exists: true, missing', { detail: { jobId: [{ exists: true }] } }, detail({}), false],
  ['exists: true, null is a value', { detail: { v: [{ exists: true }] } }, detail({ v: null }), true],
  ['exists: false, missing', { detail: { error: [{ exists: false }] } }, detail({}), true],
  ['exists: false, present', { detail: { error: [{ exists: false }] } }, detail({ error: 'boom' }), false],
  ['exists: false, parent missing too', { detail: { error: [{ exists: false }] } }, { source: 'app' }, true],
  // EventBridge: "exists matching only works on leaf nodes", so an object is no leaf value.
  ['exists: true on an object-valued field', { detail: { job: [{ exists: true }] } }, detail({ job: { a: 1 } }), false],
  ['exists: false on an object-valued field', { detail: { job: [{ exists: false }] } }, detail({ job: { a: 1 } }), true],
  ['exists: false or a value', { detail: { s: [{ exists: false }, 'DONE'] } }, detail({ s: 'DONE' }), true],
  // numeric
  ['numeric range inside', { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, detail({ n: 5 }), true],
  ['numeric range, lower bound excluded', { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, detail({ n: 0 }), false],
  ['numeric range, above', { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } }, detail({ n: 5.01 }), false],
  ['numeric equals', { detail: { n: [{ numeric: ['=', 3.5] }] } }, detail({ n: 3.5 }), true],
  ['numeric >=', { detail: { n: [{ numeric: ['>=', 10] }] } }, detail({ n: 10 }), true],
  ['numeric <', { detail: { n: [{ numeric: ['<', 10] }] } }, detail({ n: 10 }), false],
  ['numeric ignores strings', { detail: { n: [{ numeric: ['>', 0] }] } }, detail({ n: '7' }), false],
  ['numeric over an event array', { detail: { n: [{ numeric: ['>', 100] }] } }, detail({ n: [1, 200] }), true],
  // wildcard
  ['wildcard spans slashes', { detail: { key: [{ wildcard: 'archive/*.tar' }] } }, detail({ key: 'archive/a/b.tar' }), true],
  ['wildcard is anchored', { detail: { key: [{ wildcard: 'archive/*.tar' }] } }, detail({ key: 'x/archive/e.tar' }), false],
  ['wildcard star matches nothing', { detail: { key: [{ wildcard: 'a*b' }] } }, detail({ key: 'ab' }), true],
  ['wildcard dot is literal', { detail: { key: [{ wildcard: 'a.*' }] } }, detail({ key: 'abc' }), false],
  ['wildcard escaped star is literal', { detail: { key: [{ wildcard: 'a\\*b' }] } }, detail({ key: 'a*b' }), true],
  ['wildcard escaped star, no match', { detail: { key: [{ wildcard: 'a\\*b' }] } }, detail({ key: 'axb' }), false],
  // cidr
  ['cidr inside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, detail({ ip: '10.0.0.255' }), true],
  ['cidr outside', { detail: { ip: [{ cidr: '10.0.0.0/24' }] } }, detail({ ip: '10.0.1.0' }), false],
  ['cidr /0', { detail: { ip: [{ cidr: '0.0.0.0/0' }] } }, detail({ ip: '200.1.2.3' }), true],
  ['cidr not an address', { detail: { ip: [{ cidr: '10.0.0.0/8' }] } }, detail({ ip: '10.0.0' }), false],
  // $or
  ['$or: second alternative', { $or: [{ detail: { n: [{ numeric: ['>', 5000] }] } }, { detail: { s: ['FAILED'] } }] }, detail({ n: 1, s: 'FAILED' }), true],
  ['$or: no alternative', { $or: [{ detail: { n: [{ numeric: ['>', 5000] }] } }, { detail: { s: ['FAILED'] } }] }, detail({ n: 1, s: 'DONE' }), false],
  ['$or nested, ANDed with siblings', { source: ['app'], detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } }, detail({ b: '2' }), true],
  ['$or nested, sibling fails', { source: ['x'], detail: { $or: [{ a: ['1'] }, { b: ['2'] }] } }, detail({ b: '2' }), false],
];

describe('matchesPattern', () => {
  it.each(cases)('%s', (_what, pattern, event, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('matches nothing that is not an object', () => {
    const matches = compilePattern({ source: [{ exists: false }] });
    expect([null, 'x', 3, []].map(matches)).toEqual([false, false, false, false]);
  });

  it('takes the JSON text PutRule takes', () => {
    expect(matchesPattern('{"source":["app"]}', detail({}))).toBe(true);
  });
});

describe('malformed patterns', () => {
  const malformed: [string, unknown, string][] = [
    ['not an object', ['app'], ''],
    ['empty pattern', {}, ''],
    ['invalid JSON text', '{source', ''],
    ['scalar field', { source: 'app' }, 'source'],
    ['empty list', { source: [] }, 'source'],
    ['empty nested pattern', { detail: {} }, 'detail'],
    ['nested list', { source: [['app']] }, 'source[0]'],
    ['unknown operator', { source: [{ contains: 'a' }] }, 'source[0].contains'],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, 'source[0]'],
    ['prefix not a string', { source: [{ prefix: 1 }] }, 'source[0].prefix'],
    ['exists not a boolean', { detail: { a: [{ exists: 'yes' }] } }, 'detail.a[0].exists'],
    ['anything-but empty list', { detail: { a: [{ 'anything-but': [] }] } }, 'detail.a[0].anything-but'],
    ['anything-but of an object value', { detail: { a: [{ 'anything-but': [{ x: 1 }] }] } }, 'detail.a[0].anything-but[0]'],
    ['anything-but unknown operator', { detail: { a: [{ 'anything-but': { numeric: ['>', 1] } }] } }, 'detail.a[0].anything-but.numeric'],
    ['numeric odd length', { detail: { n: [{ numeric: ['>', 0, '<'] }] } }, 'detail.n[0].numeric'],
    ['numeric bad operator', { detail: { n: [{ numeric: ['!=', 0] }] } }, 'detail.n[0].numeric[0]'],
    ['numeric bound not a number', { detail: { n: [{ numeric: ['>', '0'] }] } }, 'detail.n[0].numeric[1]'],
    ['numeric two lower bounds', { detail: { n: [{ numeric: ['>', 0, '>=', 5] }] } }, 'detail.n[0].numeric'],
    ['wildcard double star', { detail: { k: [{ wildcard: 'a**b' }] } }, 'detail.k[0].wildcard'],
    ['wildcard bad escape', { detail: { k: [{ wildcard: 'a\\b' }] } }, 'detail.k[0].wildcard'],
    ['cidr without a prefix length', { detail: { ip: [{ cidr: '10.0.0.1' }] } }, 'detail.ip[0].cidr'],
    ['cidr prefix length too long', { detail: { ip: [{ cidr: '10.0.0.0/33' }] } }, 'detail.ip[0].cidr'],
    ['$or not a list', { $or: { a: ['1'] } }, '$or'],
    ['$or empty', { $or: [] }, '$or'],
    ['$or alternative not an object', { $or: [{ a: ['1'] }, 'b'] }, '$or[1]'],
  ];

  it.each(malformed)('%s is refused at compile time', (_what, pattern, at) => {
    const error = captureError(() => compilePattern(pattern));
    expect(error).toBeInstanceOf(EventPatternError);
    expect(error).toMatchObject({ name: 'EventPatternError', code: 'InvalidEventPattern', path: at });
  });

  it('refuses IPv6 blocks as unsupported rather than never matching', () => {
    expect(captureError(() => compilePattern({ ip: [{ cidr: '2001:db8::/32' }] }))).toMatchObject({ code: 'UnsupportedEventPattern', path: 'ip[0].cidr' });
  });
});

describe("the services' own patterns", () => {
  const services = readAllServices(REPO);
  const functionPattern = (service: string, fn: string) => {
    const event = services[service]?.functions.find((f) => f.name === fn)?.events.find((e) => e.kind === 'eventBridge');
    if (event?.kind !== 'eventBridge') throw new Error(`${service}.${fn} has no eventBridge event`);
    return compilePattern(event.pattern);
  };
  const rulePattern = (service: string, logicalId: string) => {
    const rule = services[service]?.rules.find((r) => r.logicalId === logicalId);
    if (!rule) throw new Error(`${service} has no rule ${logicalId}`);
    return compilePattern(rule.pattern);
  };
  const ours = (source: string, detailType: string) => ({ version: '0', source, 'detail-type': detailType, detail: { jobId: 'j1' } });
  const TRACKER = 's3-bulk-restore.restore-tracker';
  const JOBS = 's3-bulk-restore.jobs';

  const expectations: [string, () => (event: unknown) => boolean, [string, string, boolean][]][] = [
    ['jobs.onTrackingReady', () => functionPattern('jobs', 'onTrackingReady'), [[TRACKER, 'JobTrackingReady', true], [TRACKER, 'JobProgressed', false], [JOBS, 'JobTrackingReady', false]]],
    ['jobs.onTrackerEvent', () => functionPattern('jobs', 'onTrackerEvent'), [[TRACKER, 'JobProgressed', true], [TRACKER, 'JobFinished', true], [TRACKER, 'JobCreated', false], [JOBS, 'JobProgressed', false]]],
    ['restore-tracker.onJobCreated', () => functionPattern('restore-tracker', 'onJobCreated'), [[JOBS, 'JobCreated', true], [TRACKER, 'JobCreated', false], [JOBS, 'JobFinished', false]]],
    ['notifier.onJobEvent', () => functionPattern('notifier', 'onJobEvent'), [[JOBS, 'JobCreated', true], [TRACKER, 'JobProgressed', true], [TRACKER, 'JobFinished', true], [TRACKER, 'JobTrackingReady', false], ['other', 'JobFinished', false]]],
    ['restore-tracker RestoreEventsRule', () => rulePattern('restore-tracker', 'RestoreEventsRule'), [['aws.s3', 'Object Restore Completed', true], ['aws.s3', 'Object Restore Initiated', true], ['aws.s3', 'Object Created', false], [JOBS, 'Object Restore Completed', false]]],
  ];

  it.each(expectations)('%s matches what it should and nothing else', (_name, compile, events) => {
    const matches = compile();
    expect(events.map(([source, type]) => [source, type, matches(ours(source, type))])).toEqual(events);
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
