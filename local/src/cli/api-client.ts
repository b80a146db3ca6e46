/**
 * A small client for the jobs HTTP API (`POST /create-job`, `GET /jobs/{id}`, `GET /jobs`,
 * `POST /jobs/{id}/cancel`), for a deployed API Gateway stage or the local runner alike. Every
 * answer is checked against its published schema; every failure is an {@link ApiError} with a
 * stable code, the field at fault when the API named one, and the exit code the CLI's boundary
 * uses (a 4xx is the caller's input: 2; unreachable, timeouts and 5xx: 1).
 */
import { contract, createJobResponseSchema, errorBodySchema, jobListSchema, jobObjectListSchema, jobViewSchema } from '@s3-bulk-restore/shared';
import type { CreateJobBody, CreateJobResponse, ErrorBody, JobList, JobObjectList, JobView } from '@s3-bulk-restore/shared';
import { CliError, EXIT } from './errors.js';

interface Guard<T> {
  name: string;
  is(value: unknown): value is T;
}

/** A guard compiled on first use: each command reads one or two kinds of answer, not all four. */
function lazyGuard<T>(name: string, schema: object): Guard<T> {
  let compiled: Guard<T> | undefined;
  return {
    name,
    is: (value): value is T => (compiled ??= contract<T>(name, schema, 'UnexpectedResponse')).is(value),
  };
}

const responses = {
  created: lazyGuard<CreateJobResponse>('CreateJobResponse', createJobResponseSchema),
  job: lazyGuard<JobView>('Job', jobViewSchema),
  list: lazyGuard<JobList>('JobList', jobListSchema),
  objects: lazyGuard<JobObjectList>('JobObjectList', jobObjectListSchema),
  error: lazyGuard<ErrorBody>('ErrorResponse', errorBodySchema),
};

/** A request that did not get the answer it wanted: from the API, or from the way to it. */
export class ApiError extends CliError {
  override readonly code: string;
  /** The HTTP status, when an answer came. */
  readonly status: number | undefined;
  readonly field: string | undefined;
  readonly line: number | undefined;

  constructor(details: { code: string; message: string; status?: number; field?: string; line?: number; cause?: unknown }) {
    const where = [details.field && `field ${details.field}`, details.line && `line ${details.line}`].filter(Boolean).join(', ');
    const exitCode = details.status !== undefined && details.status >= 400 && details.status < 500 ? EXIT.badInput : EXIT.unexpected;
    super(`${details.code}: ${details.message}${where ? ` (${where})` : ''}`, exitCode, { code: details.code, cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.field = details.field;
    this.line = details.line;
  }
}

export interface ApiClientOptions {
  /** e.g. `https://abc123.execute-api.us-east-1.amazonaws.com/dev` or `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** Sent as `x-api-key` (API Gateway's usage-plan key). */
  apiKey?: string;
  /** Per request, in ms (default 15 s). */
  timeoutMs?: number;
  /** For tests; the global `fetch` by default. */
  fetch?: typeof fetch;
}

/**
 * The create-job body as the CLI sends it: the tier as the user typed it (upper-cased), because
 * the API checks it against its schema and names the field when it is wrong.
 */
export type CreateJobInput = Omit<CreateJobBody, 'tier'> & { tier: string };

export interface ListJobsQuery {
  /** A job status as the user typed it; the API refuses an unknown one, naming the field. */
  status?: string;
  /** A client tag as the user typed it; the API refuses one no job could have, naming the field. */
  clientTag?: string;
  limit?: number;
  nextToken?: string;
}

export class ApiClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** `POST /create-job`. @throws ApiError e.g. `InvalidRequest` (field), `ManifestNotFound` (field `key`) */
  async createJob(body: CreateJobInput, options: { idempotencyKey?: string } = {}): Promise<CreateJobResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const answer = await this.request('POST', '/create-job', { headers, body: JSON.stringify(body) });
    return this.checked(responses.created, answer);
  }

  /** `GET /jobs/{id}`. @throws ApiError `JobNotFound` (404, field `id`), `InvalidJobId` */
  async getJob(jobId: string): Promise<JobView> {
    return this.checked(responses.job, await this.request('GET', `/jobs/${encodeURIComponent(jobId)}`));
  }

  /**
   * `POST /jobs/{id}/cancel`: the job as it stood when the cancel was accepted (its `Cancelled` follows).
   * @throws ApiError `JobAlreadyFinished` (409), `JobNotFound` (404, field `id`), `InvalidJobId`
   */
  async cancelJob(jobId: string): Promise<JobView> {
    return this.checked(responses.job, await this.request('POST', `/jobs/${encodeURIComponent(jobId)}/cancel`));
  }

  /** `GET /jobs`: one page, newest first, optionally of one status and/or client tag. @throws ApiError `InvalidRequest` (field), `InvalidNextToken` */
  async listJobs(query: ListJobsQuery = {}): Promise<JobList> {
    const params = new URLSearchParams();
    if (query.status !== undefined) params.set('status', query.status);
    if (query.clientTag !== undefined) params.set('client_tag', query.clientTag);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.nextToken !== undefined) params.set('next_token', query.nextToken);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.checked(responses.list, await this.request('GET', `/jobs${search}`));
  }

  /** `GET /jobs/{id}/objects`: one page of a job's objects. @throws ApiError `JobNotFound`, `InvalidRequest` (field `state`/`limit`), `InvalidNextToken` */
  async listObjects(jobId: string, query: { state?: string; limit?: number; nextToken?: string } = {}): Promise<JobObjectList> {
    const params = new URLSearchParams();
    if (query.state !== undefined) params.set('state', query.state);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.nextToken !== undefined) params.set('next_token', query.nextToken);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.checked(responses.objects, await this.request('GET', `/jobs/${encodeURIComponent(jobId)}/objects${search}`));
  }

  /**
   * `GET /jobs/{id}/export`: one page of a job's readable objects with their expiry, as the API
   * wrote it (CSV, NDJSON or a manifest), and the token of the next page.
   * @throws ApiError `JobNotFound`, `InvalidRequest` (field `format`/`limit`), `InvalidNextToken`
   */
  async exportPage(jobId: string, query: { format?: string; limit?: number; includeExpired?: boolean; nextToken?: string } = {}): Promise<{ text: string; nextToken?: string }> {
    const params = new URLSearchParams();
    if (query.format !== undefined) params.set('format', query.format);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.includeExpired) params.set('include_expired', 'true');
    if (query.nextToken !== undefined) params.set('next_token', query.nextToken);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    const answer = await this.request('GET', `/jobs/${encodeURIComponent(jobId)}/export${search}`, { headers: { accept: '*/*' } });
    const nextToken = answer.headers.get('x-next-token') ?? undefined;
    return { text: answer.text, ...(nextToken ? { nextToken } : {}) };
  }

  private async request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; body: unknown; text: string; headers: Headers; path: string }> {
    const url = `${this.baseUrl}${path}`;
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.options.apiKey) headers['x-api-key'] = this.options.apiKey;
    let response: Response;
    let text: string;
    try {
      response = await (this.options.fetch ?? fetch)(url, { method, headers, body: init.body, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw transportError(error, url, timeoutMs);
    }
    // An export page (CSV, NDJSON) is text, not one JSON document: only JSON answers are parsed.
    const body = /^application\/(.+\+)?json\b/i.test(response.headers.get('content-type') ?? 'application/json') ? parseJson(text) : undefined;
    if (response.status >= 400) throw errorOf(response.status, body, text);
    return { status: response.status, body, text, headers: response.headers, path };
  }

  private checked<T>(guard: Guard<T>, answer: { body: unknown; path: string }): T {
    if (guard.is(answer.body)) return answer.body;
    throw new ApiError({ code: 'UnexpectedResponse', message: `the answer to ${answer.path} is not a ${guard.name} (is --api-url the s3-bulk-restore API?)` });
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * Our API answers `{ error: { code, message, field? } }`; API Gateway itself answers
 * `{ message }` (a 403 for a missing or wrong key, a 502 when the integration fails).
 */
function errorOf(status: number, body: unknown, text: string): ApiError {
  if (responses.error.is(body)) {
    const { code, message, field, line } = body.error;
    return new ApiError({ code, message, status, field, line });
  }
  const gatewayMessage = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined;
  const hint = status === 403 ? ' (check --api-key or S3_BULK_RESTORE_API_KEY)' : '';
  const message = gatewayMessage ?? (text.trim().slice(0, 200) || 'no body');
  return new ApiError({ code: `Http${status}`, message: `${message}${hint}`, status });
}

function transportError(error: unknown, url: string, timeoutMs: number): ApiError {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ApiError({ code: 'ApiTimeout', message: `${url} did not answer within ${timeoutMs / 1000} s`, cause: error });
  }
  // undici's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND…).
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ApiError({ code: 'ApiUnreachable', message: `cannot reach ${url} (${reason})`, cause: error });
}
