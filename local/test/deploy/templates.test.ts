/**
 * Packages the three services the way `npm run package` does (osls + serverless-esbuild, no AWS
 * credentials) and checks the CloudFormation that comes out: cfn-lint clean, the API behind keys
 * and a throttled usage plan (the tracker's route added to the jobs API, not an API of its own),
 * no wildcard grants, service principals pinned by source, a DLQ
 * behind every queue, log retention, and every import exported by a service deployed earlier.
 *
 * Packaging runs on a scratch copy of each service (its serverless.yml and src/, with the repo's
 * node_modules and shared/ linked in), so the working tree's `.serverless/` is never touched and
 * the test can run beside `npm run package`. A handler module the config names but that does not
 * exist yet is replaced by a stub in the copy only, and the test says so on the console.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readAllServices } from '../../src/wiring/index.js';
import type { ComposedService } from '../../src/wiring/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const services = readAllServices(repoRoot);
const serviceKeys = Object.keys(services);
const STAGE = 'dev';
const PROCESS_DEADLINE_MS = 180_000;

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Export?: { Name?: unknown } }>;
}
interface Packaged {
  service: ComposedService;
  templateFile: string;
  template: Template;
  outDir: string;
  stubbed: string[];
}

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const cfnLintAvailable = cfnLint.status === 0;
if (!cfnLintAvailable) {
  console.warn('cfn-lint is not on PATH (pip install cfn-lint): the cfn-lint checks are skipped, the other template checks still run.');
}

let scratch = '';
const packaged = new Map<string, Packaged>();
/** cfn-lint's exit code (0 only with no finding at all: errors 2, warnings 4, informational 8) and output. */
let lint: { code: number; output: string } | undefined;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'deploy-templates-'));
  for (const shared of ['node_modules', 'shared']) symlinkSync(path.join(repoRoot, shared), path.join(scratch, shared));
  for (const file of ['package.json', 'tsconfig.json']) cpSync(path.join(repoRoot, file), path.join(scratch, file));
  const results = await Promise.all(Object.values(services).map((service) => packageService(service)));
  for (const result of results) packaged.set(result.service.key, result);
  // One cfn-lint run for all templates: its start-up is most of its time.
  if (cfnLintAvailable) lint = await runProcess('cfn-lint', results.map((r) => r.templateFile));
}, 2 * PROCESS_DEADLINE_MS);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Copy one service into the scratch repo (stubbing absent handlers) and package it. */
async function packageService(service: ComposedService): Promise<Packaged> {
  const relative = path.relative(repoRoot, service.dir);
  const copy = path.join(scratch, relative);
  cpSync(service.dir, copy, {
    recursive: true,
    filter: (source) => !/(^|\/)(node_modules|\.serverless|\.esbuild)$/.test(source),
  });
  if (existsSync(path.join(service.dir, 'node_modules'))) {
    symlinkSync(path.join(service.dir, 'node_modules'), path.join(copy, 'node_modules'));
  }
  const stubbed = service.functions.filter((fn) => !existsSync(fn.handler.file));
  for (const fn of stubbed) {
    const stub = path.join(copy, path.relative(service.dir, fn.handler.file));
    mkdirSync(path.dirname(stub), { recursive: true });
    // Only proves that the bundle and the handler string line up.
    writeFileSync(stub, `export const ${fn.handler.exportName} = async (): Promise<void> => undefined;\n`);
  }
  if (stubbed.length > 0) {
    console.warn(`${service.key}: packaged with stub handlers for ${stubbed.map((fn) => fn.name).join(', ')} (their modules do not exist yet)`);
  }

  const outDir = path.join(scratch, '.out', service.key);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE)$/.test(name)));
  const packaging = await runProcess(path.join(repoRoot, 'node_modules/.bin/serverless'), ['package', '--stage', STAGE, '--package', outDir], { cwd: copy, env });
  if (packaging.code !== 0) throw new Error(`packaging ${service.key} failed (exit ${packaging.code}):\n${packaging.output}`);
  const templateFile = path.join(outDir, 'cloudformation-template-update-stack.json');
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
  return { service, templateFile, template, outDir, stubbed: stubbed.map((fn) => fn.name) };
}

/**
 * Run a command with no standard input (so nothing can prompt) and a deadline, so a stuck tool
 * fails the test with its output instead of hanging it.
 */
function runProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], timeout: PROCESS_DEADLINE_MS, killSignal: 'SIGKILL' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? -1, output: signal ? `${output}\n(killed by ${signal} after ${PROCESS_DEADLINE_MS} ms)` : output }));
  });
}

function get(key: string): Packaged {
  const result = packaged.get(key);
  if (!result) throw new Error(`${key} was not packaged`);
  return result;
}

function resourcesOf(template: Template, type: string): [string, Record<string, unknown>][] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties ?? {}]);
}

/** Every policy document in a template, with where it sits. */
function policyDocuments(template: Template): { where: string; statements: Record<string, unknown>[] }[] {
  const documents: { where: string; document: unknown }[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const p = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Role') {
      documents.push({ where: `${id}.AssumeRolePolicyDocument`, document: p['AssumeRolePolicyDocument'] });
      for (const [i, policy] of asArray(p['Policies']).entries()) {
        documents.push({ where: `${id}.Policies[${i}]`, document: (policy as Record<string, unknown>)['PolicyDocument'] });
      }
    } else if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::S3::BucketPolicy'].includes(resource.Type)) {
      documents.push({ where: `${id}.PolicyDocument`, document: p['PolicyDocument'] });
    }
  }
  return documents.map(({ where, document }) => ({
    where,
    statements: asArray((document as Record<string, unknown> | undefined)?.['Statement']) as Record<string, unknown>[],
  }));
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `!GetAtt X.Arn` → X. */
function getAttArnOf(value: unknown): string | undefined {
  const getAtt = (value as Record<string, unknown> | undefined)?.['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[1] === 'Arn' ? String(getAtt[0]) : undefined;
}

/** Every value of `key` anywhere in a JSON tree. */
function collect(tree: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(tree)) tree.forEach((item) => collect(item, key, found));
  else if (tree !== null && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      if (k === key) found.push(v);
      collect(v, key, found);
    }
  }
  return found;
}

describe.each(serviceKeys)('the packaged %s template', (key) => {
  (cfnLintAvailable ? test : test.skip)('passes cfn-lint with no finding', () => {
    const { templateFile } = get(key);
    const findings = (lint?.output ?? '').split('\n').filter((line) => line.includes(templateFile));

    expect(findings).toEqual([]);
    expect(lint?.code).toBe(0);
  });

  test('has a zip per function and the declared handler, runtime and architecture on each', () => {
    const { template, service, outDir } = get(key);
    const lambdas = resourcesOf(template, 'AWS::Lambda::Function');

    expect(lambdas.map(([, p]) => p['Handler']).sort()).toEqual(service.functions.map((fn) => fn.handler.declared).sort());
    for (const [, p] of lambdas) {
      expect([p['Runtime'], p['Architectures']]).toEqual(['nodejs22.x', ['arm64']]);
    }
    for (const fn of service.functions) {
      expect(statSync(path.join(outDir, `${fn.name}.zip`)).size).toBeGreaterThan(0);
    }
  });

  test('grants no wildcard action (Deny statements such as the framework\'s TLS-only bucket rule aside)', () => {
    const wildcards = policyDocuments(get(key).template).flatMap(({ where, statements }) =>
      statements
        .filter((s) => s['Effect'] === 'Allow')
        .flatMap((s) => [...asArray(s['Action']), ...asArray(s['NotAction'])].filter((a) => String(a).includes('*')).map((a) => `${where}: ${String(a)}`)),
    );

    expect(wildcards).toEqual([]);
  });

  test('pins every service principal allowed by a queue or topic policy to a source ARN or account', () => {
    const unpinned = policyDocuments(get(key).template)
      .filter(({ where }) => /Policy\.PolicyDocument$/.test(where))
      .flatMap(({ where, statements }) =>
        statements
          .filter((s) => s['Effect'] === 'Allow' && (s['Principal'] as Record<string, unknown> | undefined)?.['Service'] !== undefined)
          .filter((s) => !/"aws:Source(Arn|Account)"/.test(JSON.stringify(s['Condition'] ?? {})))
          .map((s) => `${where}: ${JSON.stringify(s['Principal'])}`),
      );

    expect(unpinned).toEqual([]);
  });

  test('puts a redrive policy on every queue that is not itself a dead-letter queue', () => {
    const { template } = get(key);
    const deadLetterQueues = new Set(
      [
        ...collect(template.Resources, 'deadLetterTargetArn'),
        ...collect(template.Resources, 'DeadLetterConfig').map((c) => (c as Record<string, unknown>)['Arn']),
        ...collect(template.Resources, 'OnFailure').map((c) => (c as Record<string, unknown>)['Destination']),
      ].map(getAttArnOf),
    );
    const queues = resourcesOf(template, 'AWS::SQS::Queue');

    expect(queues.filter(([id, p]) => p['RedrivePolicy'] === undefined && !deadLetterQueues.has(id)).map(([id]) => id)).toEqual([]);
    for (const [, p] of queues) {
      const redrive = p['RedrivePolicy'] as { maxReceiveCount?: number } | undefined;
      if (redrive) expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
    }
  });

  test('keeps logs for 30 days, one log group per function', () => {
    const { template, service } = get(key);
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');

    expect(logGroups).toHaveLength(service.functions.length);
    expect(logGroups.map(([, p]) => p['RetentionInDays'])).toEqual(service.functions.map(() => 30));
  });

  test('builds no output from an !ImportValue but the framework\'s ServiceEndpoint (cfn-lint W6001, ignored in the tracker for that one)', () => {
    const { template } = get(key);
    const importing = Object.entries(template.Outputs ?? {})
      .filter(([, output]) => collect((output as Record<string, unknown>)['Value'], 'Fn::ImportValue').length > 0)
      .map(([id]) => id);

    expect(importing).toEqual(key === 'restore-tracker' ? ['ServiceEndpoint'] : []);
  });

  test('creates no event bus except the one jobs owns (a bare bus name would make the framework create one)', () => {
    const buses = resourcesOf(get(key).template, 'AWS::Events::EventBus');

    expect(buses.map(([id, p]) => [id, p['Name']])).toEqual(key === 'jobs' ? [['EventBus', `s3-bulk-restore-${STAGE}`]] : []);
  });
});

describe('the packaged jobs API', () => {
  test('requires an API key on every method', () => {
    const methods = resourcesOf(get('jobs').template, 'AWS::ApiGateway::Method');

    // One method per http event the jobs functions declare (GET /openapi.json included: it is private too).
    expect(methods.length).toBe(get('jobs').service.functions.flatMap((fn) => fn.events.filter((e) => e.kind === 'http')).length);
    expect(methods.length).toBeGreaterThanOrEqual(4);
    expect(methods.filter(([, p]) => p['ApiKeyRequired'] !== true).map(([id]) => id)).toEqual([]);
  });

  test('attaches a throttled usage plan with a quota to the stage, with the key in it', () => {
    const { template } = get('jobs');
    const plans = resourcesOf(template, 'AWS::ApiGateway::UsagePlan');
    const planKeys = resourcesOf(template, 'AWS::ApiGateway::UsagePlanKey');

    expect(plans).toHaveLength(1);
    const [planId, plan] = plans[0] as [string, Record<string, unknown>];
    expect(plan['ApiStages']).toEqual([{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: STAGE }]);
    expect(plan['Throttle']).toEqual({ RateLimit: expect.any(Number), BurstLimit: expect.any(Number) });
    expect(plan['Quota']).toMatchObject({ Limit: expect.any(Number), Period: expect.any(String) });
    expect(planKeys.map(([, p]) => p['UsagePlanId'])).toEqual([{ Ref: planId }]);
  });
});

describe('the tracker\'s route on the jobs API', () => {
  const imported = (name: string) => ({ 'Fn::ImportValue': `s3-bulk-restore-${STAGE}-${name}` });

  test('jobs exports its API, the API\'s root and its /jobs/{id} resource', () => {
    const { template } = get('jobs');
    const resources = Object.fromEntries(resourcesOf(template, 'AWS::ApiGateway::Resource'));
    const exported = (key: string) => template.Outputs?.[key] as { Value?: unknown; Export?: { Name?: unknown } } | undefined;

    expect(exported('RestApiId')).toMatchObject({ Value: { Ref: 'ApiGatewayRestApi' }, Export: { Name: `s3-bulk-restore-${STAGE}-RestApiId` } });
    expect(exported('RestApiRootResourceId')).toMatchObject({
      Value: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] },
      Export: { Name: `s3-bulk-restore-${STAGE}-RestApiRootResourceId` },
    });
    const jobResource = (exported('JobResourceId')?.Value as { Ref?: string } | undefined)?.Ref ?? '';
    expect(exported('JobResourceId')?.Export?.Name).toBe(`s3-bulk-restore-${STAGE}-JobResourceId`);
    // The exported resource is the path jobs/{id}: `{id}` under `jobs` under the root.
    expect(resources[jobResource]).toMatchObject({ PathPart: '{id}', RestApiId: { Ref: 'ApiGatewayRestApi' } });
    const parent = (resources[jobResource]?.['ParentId'] as { Ref?: string } | undefined)?.Ref ?? '';
    expect(resources[parent]).toMatchObject({ PathPart: 'jobs', ParentId: { 'Fn::GetAtt': ['ApiGatewayRestApi', 'RootResourceId'] } });
  });

  test.each([
    ['objects', 'listObjects', 'ListObjectsLambdaFunction'],
    ['export', 'exportObjects', 'ExportObjectsLambdaFunction'],
  ])('GET /jobs/{id}/%s is a private method of the imported API, under the imported /jobs/{id}', (part, fn, logicalId) => {
    const { template } = get('restore-tracker');
    const methods = resourcesOf(template, 'AWS::ApiGateway::Method');
    const paths = resourcesOf(template, 'AWS::ApiGateway::Resource');

    expect(paths.map(([, p]) => p).sort((a, b) => String(a['PathPart']).localeCompare(String(b['PathPart'])))).toEqual(
      ['export', 'objects'].map((pathPart) => ({ ParentId: imported('JobResourceId'), PathPart: pathPart, RestApiId: imported('RestApiId') })),
    );
    expect(methods).toHaveLength(2);
    const resource = paths.find(([, p]) => p['PathPart'] === part)?.[0];
    const method = methods.map(([, m]) => m).find((m) => JSON.stringify(m['ResourceId']) === JSON.stringify({ Ref: resource }));
    expect(method).toMatchObject({ HttpMethod: 'GET', ApiKeyRequired: true, AuthorizationType: 'NONE', RestApiId: imported('RestApiId') });
    expect(JSON.stringify(method?.['Integration'])).toContain(`"${logicalId}","Arn"`);
    const wiring = services['restore-tracker']?.functions.find((f) => f.name === fn);
    expect(wiring?.events).toEqual([{ kind: 'http', method: 'GET', path: `/jobs/{id}/${part}`, private: true }]);
  });

  test('the tracker creates no API, key or usage plan of its own, and deploys the stage the jobs usage plan covers', () => {
    const { template } = get('restore-tracker');
    const apiTypes = ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::ApiKey', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::UsagePlanKey'];

    expect(Object.values(template.Resources).filter((r) => apiTypes.includes(r.Type))).toEqual([]);
    expect(resourcesOf(template, 'AWS::ApiGateway::Deployment').map(([, p]) => [p['RestApiId'], p['StageName']])).toEqual([[imported('RestApiId'), STAGE]]);
    const [, plan] = resourcesOf(get('jobs').template, 'AWS::ApiGateway::UsagePlan')[0] as [string, Record<string, unknown>];
    expect(plan['ApiStages']).toEqual([{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: STAGE }]);
  });

  test('only API Gateway, on the imported API, may invoke listObjects and exportObjects; their role may Query the objects index and read progress', () => {
    const { template } = get('restore-tracker');
    const permissions = resourcesOf(template, 'AWS::Lambda::Permission').filter(([, p]) => p['Principal'] === 'apigateway.amazonaws.com');

    expect(permissions.map(([, p]) => JSON.stringify(p['FunctionName'])).sort()).toEqual(
      [{ 'Fn::GetAtt': ['ExportObjectsLambdaFunction', 'Arn'] }, { 'Fn::GetAtt': ['ListObjectsLambdaFunction', 'Arn'] }].map((v) => JSON.stringify(v)),
    );
    for (const [, permission] of permissions) expect(JSON.stringify(permission['SourceArn'])).toContain(JSON.stringify(imported('RestApiId')));
    const statements = policyDocuments(template).flatMap(({ statements: list }) => list.filter((st) => st['Effect'] === 'Allow'));
    const grants = (action: string, resource: unknown) =>
      statements.some((st) => asArray(st['Action']).includes(action) && asArray(st['Resource']).some((r) => JSON.stringify(r) === JSON.stringify(resource)));
    expect(grants('dynamodb:Query', { 'Fn::Sub': '${ObjectsTable.Arn}/index/*' })).toBe(true);
    expect(grants('dynamodb:Query', { 'Fn::GetAtt': ['ProgressTable', 'Arn'] })).toBe(true);
    expect(grants('dynamodb:GetItem', { 'Fn::GetAtt': ['ProgressTable', 'Arn'] })).toBe(true);
  });
});

describe('cross-stack values', () => {
  test('every !ImportValue names an export of a service that deploys earlier', () => {
    const exportedBefore = new Set<string>();
    const missing: string[] = [];
    // Compose order is deploy order; dependsOn chains jobs → restore-tracker → notifier.
    for (const key of serviceKeys) {
      const { template } = get(key);
      for (const name of collect(template.Resources, 'Fn::ImportValue')) {
        if (typeof name !== 'string' || !exportedBefore.has(name)) missing.push(`${key}: ${JSON.stringify(name)}`);
      }
      for (const output of Object.values(template.Outputs ?? {})) {
        if (typeof output.Export?.Name === 'string') exportedBefore.add(output.Export.Name);
      }
    }

    expect(missing).toEqual([]);
    expect(services['restore-tracker']?.dependsOn).toEqual(['jobs']);
    expect(services['notifier']?.dependsOn).toEqual(['restore-tracker']);
  });

  test.each(['jobs', 'restore-tracker', 'notifier'])('%s: every rule whose target dead-letters to a queue is admitted by that queue\'s policy', (service) => {
    const { template } = get(service);
    const policies = JSON.stringify(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
    const rules = resourcesOf(template, 'AWS::Events::Rule').filter(([, rule]) => JSON.stringify(rule['Targets'] ?? []).includes('DeadLetterConfig'));
    for (const [logicalId, rule] of rules) {
      // A named rule is admitted by its ARN (built with !Sub from its name); an unnamed one by !GetAtt.
      const admitted = policies.includes(`"${logicalId}","Arn"`) || (typeof rule['Name'] === 'string' && policies.includes(`/${rule['Name']}`));
      expect({ rule: rule['Name'] ?? logicalId, admitted }).toEqual({ rule: rule['Name'] ?? logicalId, admitted: true });
    }
  });

  test('the tracker queue policy admits only its own rule on the custom bus', () => {
    const { template } = get('restore-tracker');
    const [, policy] = resourcesOf(template, 'AWS::SQS::QueuePolicy').find(([id]) => id === 'RestoreEventsQueuePolicy') ?? [];

    expect(JSON.stringify(policy)).toContain('"aws:SourceArn":{"Fn::GetAtt":["RestoreEventsRule","Arn"]}');
  });
});
