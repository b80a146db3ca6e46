import type { APIGatewayProxyResult } from 'aws-lambda';
import { ConflictError, DependencyError, DomainError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { ErrorBody } from '../contracts/http/errors.js';
import { issuesOf } from '../contracts/validate.js';

/** The HTTP status of a domain error (never 5xx for anything the caller did). */
export function statusOf(error: DomainError): number {
  const explicit = error.details['httpStatus'];
  if (typeof explicit === 'number') return explicit;
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof DependencyError) return 424;
  return 400;
}

interface MiddyValidatorError {
  statusCode?: number;
  cause?: { package?: string; data?: Parameters<typeof issuesOf>[0] };
}

/**
 * Map any error to the JSON error body. Domain errors keep their code and field; the validator's
 * errors become `InvalidRequest` with every offending field; anything unexpected is a 500 with a
 * generic message (the details go to the log, not to the caller).
 */
export function errorResponse(error: unknown, requestId: string | undefined, log?: (entry: Record<string, unknown>) => void): APIGatewayProxyResult {
  const body = (status: number, e: ErrorBody['error']): APIGatewayProxyResult => ({
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { ...e, requestId } }),
  });
  if (error instanceof DomainError) {
    const { field, line, issues } = error.details as { field?: string; line?: number; issues?: Array<{ field: string; reason: string }> };
    return body(statusOf(error), { code: error.code, message: error.message, field, line, issues });
  }
  const validation = error as MiddyValidatorError;
  if (validation?.cause?.package === '@middy/validator') {
    const issues = issuesOf(validation.cause.data).map((i) => ({ ...i, field: i.field.replace(/^body\.?/, '') || 'body' }));
    const first = issues[0];
    return body(400, { code: 'InvalidRequest', message: first ? `${first.field} ${first.reason}` : 'The request is not valid', field: first?.field, issues });
  }
  (log ?? defaultLog)({ level: 'ERROR', message: 'unexpected error', requestId, error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  return body(500, { code: 'InternalError', message: 'Something went wrong on our side; the request can be retried.' });
}

function defaultLog(entry: Record<string, unknown>): void {
  console.error(JSON.stringify(entry));
}
