/**
 * The OpenAPI description against what actually serves the API: the local runner, wired from the
 * services' serverless.yml. `GET /openapi.json` answers docs/openapi.json (behind the key, like
 * every route); the document describes exactly the routes the services declare (jobs' and the
 * one restore-tracker adds); and real answers of the runner validate against its schemas.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compileSchema } from '@s3-bulk-restore/shared';
import { REPO_ROOT, startRunner } from '../../src/runner/index.js';
import type { Runner } from '../../src/runner/index.js';
import { readAllServices } from '../../src/wiring/index.js';

type Document = { paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>>; components: Record<string, Record<string, unknown>> };

const documented = JSON.parse(readFileSync(path.join(REPO_ROOT, 'docs/openapi.json'), 'utf8')) as Document;
let runner: Runner;

beforeAll(async () => {
  runner = await startRunner({ db: ':memory:', port: 0, sandbox: { port: 0, clockMode: 'manual' }, log: () => undefined });
});

afterAll(async () => {
  await runner?.close();
});

async function call(method: string, route: string, body?: unknown, key: string | undefined = runner.apiKey) {
  const response = await fetch(`${runner.apiUrl}${route}`, {
    method,
    headers: { ...(key ? { 'x-api-key': key } : {}), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** The schema the document gives for `status` of an operation, references inlined, compiled. */
function responseValidator(route: string, method: string, status: number) {
  const resolve = (ref: string): unknown => ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], documented);
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (typeof node !== 'object' || node === null) return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref) return inline(resolve(ref));
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v)]));
  };
  const response = inline(documented.paths[route]?.[method]?.responses[String(status)]) as { content: Record<string, { schema: object }> } | undefined;
  if (!response) throw new Error(`${method.toUpperCase()} ${route} documents no ${status}`);
  return compileSchema(response.content['application/json']!.schema);
}

describe('the OpenAPI description and the API the runner serves', () => {
  it('GET /openapi.json answers docs/openapi.json with the key, 403 without', async () => {
    expect(await call('GET', '/openapi.json')).toEqual({ status: 200, body: documented });
    expect(await call('GET', '/openapi.json', undefined, 'not-the-key')).toEqual({ status: 403, body: { message: 'Forbidden' } });
  });

  it('documents exactly the routes the services declare', () => {
    const declared = Object.values(readAllServices(REPO_ROOT)).flatMap((service) =>
      service.functions.flatMap((fn) => fn.events.flatMap((e) => (e.kind === 'http' ? [`${e.method.toUpperCase()} ${e.path.replace(/^\/?/, '/')}`] : []))),
    );
    const inDocument = Object.entries(documented.paths).flatMap(([route, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`));

    expect(inDocument.sort()).toEqual(declared.sort());
  });

  it("the runner's answers validate against the documented schemas, errors included", async () => {
    const answers: Array<[string, string, number, { status: number; body: unknown }]> = [
      ['/jobs', 'get', 200, await call('GET', '/jobs?limit=5')],
      ['/jobs', 'get', 400, await call('GET', '/jobs?limit=5000')],
      ['/jobs/{id}', 'get', 404, await call('GET', '/jobs/7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10')],
      ['/jobs/{id}/objects', 'get', 404, await call('GET', '/jobs/7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10/objects?state=failed')],
      ['/jobs/{id}/cancel', 'post', 404, await call('POST', '/jobs/7f1c9a52-0f4e-4a44-9d3b-2b1e6c1d9a10/cancel')],
      ['/create-job', 'post', 400, await call('POST', '/create-job', { bucket: 'my-manifests', key: 'k.csv', tier: 'EXPEDITED' })],
      ['/create-job', 'post', 403, await call('POST', '/create-job', {}, '')],
    ];

    for (const [route, method, status, answer] of answers) {
      const valid = responseValidator(route, method, status);
      expect({ route, method, status: answer.status, valid: valid(answer.body) }).toEqual({ route, method, status, valid: true });
    }
  });
});
