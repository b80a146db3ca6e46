/**
 * The API's JSON Schemas as OpenAPI 3.1 components. They are the contracts' own objects (the
 * shared HTTP schemas, and the list query this service owns), not copies: OpenAPI 3.1 schemas
 * are JSON Schema 2020-12, the dialect the validators run. A component embedded in another (a
 * `Job` in a `JobList`) is written once and referenced, and the `$id`s are dropped (they name the
 * schemas; they are not addresses a client could fetch).
 */
import {
  createJobBodySchema,
  createJobResponseSchema,
  errorBodySchema,
  failureSchema,
  jobListSchema,
  jobObjectListSchema,
  jobObjectSchema,
  jobViewSchema,
  objectCountsSchema,
} from '@s3-bulk-restore/shared';

/** Component name → schema. Order is the order in the document. */
const COMPONENTS: ReadonlyArray<readonly [string, object]> = [
  ['CreateJobRequest', createJobBodySchema],
  ['CreateJobResponse', createJobResponseSchema],
  ['Job', jobViewSchema],
  ['JobList', jobListSchema],
  ['JobObject', jobObjectSchema],
  ['JobObjectList', jobObjectListSchema],
  ['ObjectCounts', objectCountsSchema],
  ['Failure', failureSchema],
  ['ErrorResponse', errorBodySchema],
];

/** What API Gateway itself answers (403 without a valid key, 429 over the usage plan): not our error shape. */
const gatewayMessageSchema = {
  title: 'GatewayMessage',
  type: 'object',
  required: ['message'],
  properties: { message: { type: 'string' } },
} as const;

const names = new Map<object, string>(COMPONENTS.map(([name, schema]) => [schema, name]));

/** A reference to a component by name. */
export function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** Every component schema, as the document carries it. */
export function componentSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = Object.fromEntries(COMPONENTS.map(([name, schema]) => [name, documentSchema(schema, true)]));
  schemas['GatewayMessage'] = documentSchema(gatewayMessageSchema);
  return schemas;
}

/**
 * A schema as the document carries it: a copy without `$id`, with every registered component
 * below the top replaced by a reference to it (the top itself too, unless `inline`).
 */
export function documentSchema(schema: unknown, inline = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => documentSchema(item));
  if (schema === null || typeof schema !== 'object') return schema;
  const name = names.get(schema);
  if (name !== undefined && !inline) return ref(name);
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== '$id')
      .map(([key, value]) => [key, documentSchema(value)]),
  );
}
