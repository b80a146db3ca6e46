/**
 * Lambda event objects as AWS delivers them: API Gateway REST (v1) proxy events (the shape of
 * AWS's documented example, with API-key identity), plus a context. Shared by every service's
 * handler tests (a service may not import another's tests).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** The resource template, e.g. `/jobs/{id}`. */
  resource: string;
  path: string;
  body?: string | null;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string> | null;
  query?: Record<string, string> | null;
  isBase64Encoded?: boolean;
}

export function apiEvent(request: ApiRequest): APIGatewayProxyEvent {
  const headers = {
    Accept: 'application/json',
    Host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'curl/8.5.0',
    'X-Amzn-Trace-Id': 'Root=1-674612c4-0e8d3b4c5a6f7e8d9c0b1a2f',
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    'x-api-key': 'k3yk3yk3yk3yk3yk3yk3yk3y',
    ...(request.headers ?? {}),
  };
  const query = request.query ?? null;
  return {
    resource: request.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query && Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'BQGojGkBoAMFdwg=',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: 'k3yk3yk3yk3yk3yk3yk3yk3y',
        apiKeyId: 'f2m6jpy0ud',
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'curl/8.5.0',
        userArn: null,
      },
      path: `/dev${request.path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '26/Nov/2026:17:00:00 +0000',
      requestTimeEpoch: 1795712400000,
      resourceId: 'r3s0ur',
      resourcePath: request.resource,
      stage: 'dev',
    },
    body: request.body ?? null,
    isBase64Encoded: request.isBase64Encoded ?? false,
  };
}

export function lambdaContext(name = 'handler-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: 'b3f5c3a1-2d4e-4f60-8a7b-9c0d1e2f3a4b',
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: '2026/11/26/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The parsed JSON body of a handler's response. */
export function bodyOf(response: { body: string }): Record<string, unknown> & { error?: { code: string; field?: string; message: string; line?: number } } {
  return JSON.parse(response.body) as Record<string, unknown> & { error?: { code: string; field?: string; message: string } };
}

type HttpHandler = (event: never, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * Invoke an HTTP handler with the event API Gateway would send. The cast is the only one: the
 * shared middy stack types its input as the event after its own middlewares ran.
 */
export function callHttp(handler: HttpHandler, request: ApiRequest): Promise<APIGatewayProxyResult> {
  return handler(apiEvent(request) as never, lambdaContext());
}
