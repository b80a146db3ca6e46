/**
 * The OpenAPI description: structurally valid 3.1, built from the contracts' schemas (not
 * copies), in step with what the handlers answer, served by `GET /openapi.json`, and the same
 * as docs/openapi.json (`npm run openapi` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { compileSchema, createJobBodySchema, errorBodySchema, jobListSchema, jobObjectListSchema, jobViewSchema, listJobObjectsQuerySchema } from '@s3-bulk-restore/shared';
import { listJobsQuerySchema } from '../../src/app/queries.js';
import { createCreateJobHandler } from '../../src/handlers/create-job.js';
import { createGetJobHandler } from '../../src/handlers/get-job.js';
import { createGetOpenApiHandler } from '../../src/handlers/get-openapi.js';
import { createListJobsHandler } from '../../src/handlers/list-jobs.js';
import { openApiDocument, openApiJson } from '../../src/openapi/document.js';
import type { OpenApiDocument } from '../../src/openapi/document.js';
import { appHarness, createBody } from '../support/app-harness.js';
import { bodyOf, callHttp } from '../support/lambda-events.js';
import { structuralProblems } from './structure.js';

const DOCS_FILE = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

type Operation = { parameters?: Array<{ name: string; in: string }>; responses: Record<string, unknown> };

function operation(doc: OpenApiDocument, path: string, method: string): Operation {
  return doc.paths[path]![method] as Operation;
}

/** A component schema with its references inlined, compiled: what a client generator would check against. */
function validatorFor(doc: OpenApiDocument, name: string) {
  const components = (doc['components'] as { schemas: Record<string, unknown> }).schemas;
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) return inline(components[ref.replace('#/components/schemas/', '')]);
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v)]));
  };
  return compileSchema(inline(components[name]) as object);
}

/** A schema without its `$id`, as the document carries it. */
function withoutId(schema: object): unknown {
  const { $id: _id, ...rest } = schema as { $id?: string };
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

describe('the OpenAPI document', () => {
  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(structuralProblems(openApiDocument())).toEqual([]);
  });

  it('the structural check finds what is wrong (so the test above can fail)', () => {
    const broken = openApiDocument();
    const getJob = operation(broken, '/jobs/{id}', 'get');
    getJob.parameters = [];
    (operation(broken, '/jobs', 'get') as Partial<Operation>).responses = {};
    operation(broken, '/create-job', 'post').responses['202'] = { $ref: '#/components/responses/Nope' };
    broken.openapi = '3.0.3';
    (broken['components'] as { schemas: Record<string, unknown> }).schemas['Job'] = { type: 'no-such-type' };

    const problems = structuralProblems(broken);

    expect(problems).toEqual(
      expect.arrayContaining([
        'openapi: must be 3.1.x',
        expect.stringMatching(/^paths\.\/jobs\/\{id\}\.get: path parameters .* do not match/),
        'paths./jobs.get: responses is required and not empty',
        expect.stringMatching(/\$ref #\/components\/responses\/Nope does not resolve/),
        expect.stringMatching(/^components\.schemas\.Job: not a valid JSON Schema/),
      ]),
    );
  });

  it('describes every route of the API, each behind the x-api-key scheme', () => {
    const doc = openApiDocument();
    const routes = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

    expect(routes.sort()).toEqual(['GET /jobs', 'GET /jobs/{id}', 'GET /jobs/{id}/export', 'GET /jobs/{id}/objects', 'GET /openapi.json', 'POST /create-job', 'POST /jobs/{id}/cancel'].sort());
    expect(doc['security']).toEqual([{ apiKey: [] }]);
    expect((doc['components'] as { securitySchemes: unknown }).securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }) });
    expect(Object.keys(operation(doc, '/jobs/{id}/cancel', 'post').responses)).toEqual(expect.arrayContaining(['202', '404', '409']));
  });

  it('is built from the contracts: the component schemas and query parameters are the shared ones', () => {
    const doc = openApiDocument();
    const schemas = (doc['components'] as { schemas: Record<string, unknown> }).schemas;

    expect(schemas['CreateJobRequest']).toEqual(withoutId(createJobBodySchema));
    expect(schemas['ErrorResponse']).toEqual(withoutId(errorBodySchema));
    // A component inside another is referenced, the rest is the schema itself.
    expect(schemas['JobList']).toEqual({ ...(withoutId(jobListSchema) as object), properties: { Jobs: { type: 'array', items: { $ref: '#/components/schemas/Job' } }, NextToken: { type: 'string' } } });
    expect(JSON.stringify(schemas['Job'])).toContain('"Counts":{"$ref":"#/components/schemas/ObjectCounts"}');
    expect(operation(doc, '/jobs', 'get').parameters?.map((p) => p.name)).toEqual(Object.keys(listJobsQuerySchema.properties));
    expect(operation(doc, '/jobs/{id}/objects', 'get').parameters?.map((p) => p.name)).toEqual(['id', ...Object.keys(listJobObjectsQuerySchema.properties)]);
    expect(jobViewSchema.title).toBe('Job');
    expect(jobObjectListSchema.title).toBe('JobObjectList');
  });

  it('matches what the handlers answer: 202, 200 and error bodies validate against their components', async () => {
    const h = appHarness();
    const doc = openApiDocument();
    const created = await callHttp(createCreateJobHandler(h.app), { method: 'POST', resource: '/create-job', path: '/create-job', body: JSON.stringify(createBody()), headers: { 'content-type': 'application/json' } });
    const id = String(bodyOf(created)['BulkJobId']);
    const job = await callHttp(createGetJobHandler(h.app), { method: 'GET', resource: '/jobs/{id}', path: `/jobs/${id}`, pathParameters: { id } });
    const list = await callHttp(createListJobsHandler(h.app), { method: 'GET', resource: '/jobs', path: '/jobs' });
    const missing = await callHttp(createGetJobHandler(h.app), { method: 'GET', resource: '/jobs/{id}', path: '/jobs/nope', pathParameters: { id: 'nope' } });

    for (const [response, status, component] of [
      [created, 202, 'CreateJobResponse'],
      [job, 200, 'Job'],
      [list, 200, 'JobList'],
      [missing, 404, 'ErrorResponse'],
    ] as const) {
      expect(response.statusCode).toBe(status);
      const valid = validatorFor(doc, component);
      expect({ component, valid: valid(bodyOf(response)) }).toEqual({ component, valid: true });
    }
  });

  it('is served by GET /openapi.json', async () => {
    const h = appHarness();

    const response = await callHttp(createGetOpenApiHandler(h.app), { method: 'GET', resource: '/openapi.json', path: '/openapi.json' });

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(bodyOf(response)).toEqual(openApiDocument());
  });

  it('docs/openapi.json is up to date (run `npm run openapi` after changing a schema or a route)', () => {
    expect(readFileSync(DOCS_FILE, 'utf8')).toBe(openApiJson());
  });
});
