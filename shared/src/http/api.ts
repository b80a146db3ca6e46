/**
 * The middy stack every HTTP handler uses: normalise headers, parse a JSON body, validate it
 * against its JSON Schema (middy's validator, types never coerced), call the handler, and turn
 * any error into a JSON body with a code and the field it is about.
 *
 * @example
 * export const handler = httpApi({ bodySchema: createJobBodySchema }, async (event) => created(202, await app.create(event.body)));
 */
import middy from '@middy/core';
import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import validator from '@middy/validator';
import { transpileSchema } from '@middy/validator/transpile';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ValidationError } from '../domain/errors.js';
import { errorResponse } from './errors.js';

/** An API Gateway REST (v1) proxy event whose body has been parsed. */
export type ApiEvent<Body = unknown> = Omit<APIGatewayProxyEvent, 'body'> & { body: Body; rawBody: string | null };

export interface HttpApiOptions {
  /** Validate the parsed body against this schema (defaults from the schema are applied). */
  bodySchema?: object;
  /** Where unexpected errors are logged (default: console.error as one JSON line). */
  log?: (entry: Record<string, unknown>) => void;
}

/** Parse `application/json` bodies; anything unparseable is a 400 `MalformedJson`, never a 5xx. */
function jsonBody(required: boolean): MiddlewareObj<ApiEvent, APIGatewayProxyResult> {
  return {
    before: (request) => {
      const event = request.event as unknown as APIGatewayProxyEvent & { rawBody?: string | null };
      const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      (request.event as ApiEvent).rawBody = raw ?? null;
      if (!required) return;
      const type = String(event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? 'application/json');
      if (!/^application\/(.+\+)?json\b/i.test(type)) {
        throw new ValidationError('UnsupportedMediaType', `Content-Type must be application/json, got ${type}`, { field: 'content-type', httpStatus: 415 });
      }
      if (raw === null || raw === undefined || raw.trim() === '') {
        throw new ValidationError('MissingBody', 'The request needs a JSON body', { field: 'body' });
      }
      try {
        (request.event as ApiEvent).body = JSON.parse(raw) as unknown;
      } catch (error) {
        throw new ValidationError('MalformedJson', `The body is not valid JSON: ${(error as Error).message}`, { field: 'body' });
      }
    },
  };
}

function errors(log: HttpApiOptions['log']): MiddlewareObj<ApiEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      request.response = errorResponse(request.error, request.context.awsRequestId, log);
    },
  };
}

export function httpApi<Body = unknown>(
  options: HttpApiOptions,
  handler: (event: ApiEvent<Body>, context: Context) => Promise<APIGatewayProxyResult>,
) {
  const stack = middy<ApiEvent, APIGatewayProxyResult>()
    .use(httpHeaderNormalizer())
    .use(jsonBody(options.bodySchema !== undefined));
  if (options.bodySchema) {
    stack.use(
      validator({
        eventSchema: transpileSchema(
          { type: 'object', required: ['body'], properties: { body: options.bodySchema } },
          { coerceTypes: false, useDefaults: true },
        ),
      }),
    );
  }
  return stack.use(errors(options.log)).handler(handler as (event: ApiEvent, context: Context) => Promise<APIGatewayProxyResult>);
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/**
 * The query string as a schema sees it. API Gateway hands every value over as text: a parameter
 * named in `integers` that is written as an integer becomes a number, anything else stays text
 * for the schema to refuse (`limit=5x` is an error, never 5).
 *
 * @example queryParameters({ limit: '20', state: 'failed' }, ['limit']) // { limit: 20, state: 'failed' }
 */
export function queryParameters(params: Record<string, string | undefined> | null | undefined, integers: readonly string[] = []): Record<string, unknown> {
  const query: Record<string, unknown> = { ...(params ?? {}) };
  for (const name of integers) {
    const value = query[name];
    if (typeof value === 'string' && /^-?\d{1,9}$/.test(value)) query[name] = Number(value);
  }
  return query;
}
