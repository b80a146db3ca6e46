/**
 * The entry point of the wiring reader: a service's serverless.yml (or all of them, from
 * serverless-compose.yml) parsed with yaml-cfn and normalised into what the local runner and the
 * end-to-end harness wire handlers from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { yamlParse } from 'yaml-cfn';
import { Fields } from './fields.js';
import { readFunctions } from './functions.js';
import { readOutputs, readQueues, readResources, readRules, readTables, readTopics } from './resources.js';
import type { ComposedService, ReadOptions, ServiceWiring } from './types.js';
import { paramsFor, resolveVariables } from './variables.js';
import { environmentSourceOf } from './intrinsics.js';

const CONFIG_FILE = 'serverless.yml';
const COMPOSE_FILE = 'serverless-compose.yml';

/**
 * Read `<serviceDir>/serverless.yml`.
 *
 * @example
 * const tracker = readServiceConfig('services/restore-tracker');
 * const onRestoreEvents = tracker.functions.find((fn) => fn.name === 'onRestoreEvents');
 * // onRestoreEvents.events[0] → { kind: 'sqs', queueLogicalId: 'RestoreEventsQueue', batchSize: 100, … }
 */
export function readServiceConfig(serviceDir: string, options: ReadOptions = {}): ServiceWiring {
  const dir = path.resolve(serviceDir);
  const file = path.join(dir, CONFIG_FILE);
  const fields = new Fields(file);
  const raw = fields.record(parseYaml(file, fields), '(document)');
  const stage = options.stage ?? 'dev';
  const service = fields.string(raw['service'], 'service');
  const doc = resolveVariables(raw, {
    stage,
    region: options.region ?? 'us-east-1',
    service,
    params: paramsFor(raw['params'], stage),
  }) as Record<string, unknown>;

  const provider = fields.optionalRecord(doc['provider'], 'provider');
  const resourcesSection = fields.optionalRecord(doc['resources'], 'resources');
  const resources = readResources(resourcesSection['Resources'], fields);
  const functions = readFunctions(
    { serviceDir: dir, provider, functions: fields.optionalRecord(doc['functions'], 'functions'), resources },
    fields,
  );
  const environment = fields.optionalRecord(provider['environment'], 'provider.environment');
  return {
    service,
    dir,
    stage,
    functions,
    rules: readRules(resources, fields),
    queues: readQueues(resources, functions, fields),
    tables: readTables(resources, fields),
    topics: readTopics(resources, fields),
    outputs: readOutputs(resourcesSection['Outputs'], fields),
    environment: Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, environmentSourceOf(value)])),
  };
}

/**
 * Read every service listed in `<repoRoot>/serverless-compose.yml`, keyed by its compose key
 * (`jobs`, `restore-tracker`, `notifier`) in the order the file lists them.
 */
export function readAllServices(repoRoot: string, options: ReadOptions = {}): Record<string, ComposedService> {
  const file = path.join(path.resolve(repoRoot), COMPOSE_FILE);
  const fields = new Fields(file);
  const compose = fields.record(parseYaml(file, fields), '(document)');
  const services = fields.record(compose['services'], 'services');
  return Object.fromEntries(
    Object.entries(services).map(([key, raw]) => {
      const entry = fields.record(raw, `services.${key}`);
      const servicePath = fields.string(entry['path'], `services.${key}.path`);
      const dependsOn = entry['dependsOn'];
      const composed: ComposedService = {
        ...readServiceConfig(path.resolve(repoRoot, servicePath), options),
        key,
        dependsOn: dependsOn === undefined ? [] : Array.isArray(dependsOn) ? dependsOn.map((d, i) => fields.string(d, `services.${key}.dependsOn[${i}]`)) : [fields.string(dependsOn, `services.${key}.dependsOn`)],
      };
      return [key, composed];
    }),
  );
}

function parseYaml(file: string, fields: Fields): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fields.fail('(file)', `cannot be read: ${(error as Error).message}`);
  }
  try {
    return yamlParse(text) as unknown;
  } catch (error) {
    return fields.fail('(document)', `is not valid YAML: ${(error as Error).message}`);
  }
}
