/**
 * `RestoreJobRequested`: another system asks for a job over the bus. The command is the
 * create-job body, so it goes through {@link createJob} unchanged — the same checks, the same job,
 * the same idempotency — and a refusal (what `POST /create-job` answers with a 4xx) becomes one
 * `JobRejected` event with the same error object and the command's correlation. A failure of a
 * dependency (S3 throttling, the store, the bus: a 5xx over HTTP) is thrown instead, so Lambda
 * retries the event and then dead-letters it; a retry of a command that did create its job finds
 * it by its idempotency key.
 */
import { ConflictError, DETAIL_TYPES, DependencyError, NotFoundError, SOURCES, ValidationError, contracts, statusOf } from '@s3-bulk-restore/shared';
import type { DomainError, ErrorBody, JobRejected } from '@s3-bulk-restore/shared';
import { createJob } from './create-job.js';
import type { JobsDeps } from './deps.js';

/** The parts of the EventBridge envelope the use case reads. */
export interface RestoreJobCommand {
  /** The event's `id`: stays the same when EventBridge or Lambda delivers the event again. */
  eventId: string;
  source: string;
  detail: unknown;
}

export type RestoreJobRequestOutcome =
  | { outcome: 'created'; jobId: string; batchJobId: string }
  | { outcome: 'rejected'; code: string; field?: string; line?: number };

/** The prefix of the idempotency key made from an event id (a `client_token` is used as it is). */
export const EVENT_KEY_PREFIX = 'event:';

/** Correlation values longer than this are left out of `JobRejected` (the schema's bound). */
const MAX_ECHO = 1024;
/** Schema issues carried (a detail with thousands of unknown fields must not outgrow an event's 256 KB). */
const MAX_ISSUES = 100;

/**
 * @throws what {@link createJob} throws that is not a refusal of the command: a DependencyError
 *   answered 5xx, a retryable conflict, or any unexpected error — for the invocation to be retried
 */
export async function onRestoreJobRequested(deps: JobsDeps, command: RestoreJobCommand): Promise<RestoreJobRequestOutcome> {
  try {
    const { schemaVersion: _version, ...body } = contracts.restoreJobRequested.parse(structuredClone(command.detail));
    // A client_token is the sender's own key (shared with HTTP); without one, the event id makes redeliveries one job.
    const idempotencyKey = body.client_token === undefined ? `${EVENT_KEY_PREFIX}${command.eventId}` : undefined;
    const response = await createJob(deps, body, { idempotencyKey });
    return { outcome: 'created', jobId: response.BulkJobId, batchJobId: response.BatchOperation.JobId };
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const rejected = contracts.jobRejected.parse(rejection(command, error, deps.now()));
    await deps.bus.publish([{ source: SOURCES.jobs, detailType: DETAIL_TYPES.jobRejected, detail: rejected }]);
    const { code, field, line } = rejected.error;
    return { outcome: 'rejected', code, ...(field === undefined ? {} : { field }), ...(line === undefined ? {} : { line }) };
  }
}

/**
 * Whether HTTP would answer the error with a 4xx the caller must act on: bad input, a conflict, a
 * dependency that refused for good. The base `DomainError` (configuration, publishing) and
 * anything marked `retryable` are ours to retry.
 */
function isRefusal(error: unknown): error is DomainError {
  const refusal = error instanceof ValidationError || error instanceof ConflictError || error instanceof NotFoundError || error instanceof DependencyError;
  return refusal && statusOf(error) < 500 && error.details['retryable'] !== true;
}

function rejection(command: RestoreJobCommand, error: DomainError, at: Date): JobRejected {
  const { field, line, issues } = error.details as { field?: string; line?: number; issues?: Array<{ field: string; reason: string }> };
  const reason: ErrorBody['error'] = { code: error.code, message: error.message };
  if (field !== undefined) reason.field = field;
  if (line !== undefined) reason.line = line;
  if (issues !== undefined) reason.issues = issues.slice(0, MAX_ISSUES);
  return { schemaVersion: 1, request: correlation(command), error: reason, rejectedAt: at.toISOString() };
}

/** The event id and source, and `client_tag` / `client_token` as the sender wrote them when they are text. */
function correlation(command: RestoreJobCommand): JobRejected['request'] {
  const request: JobRejected['request'] = { eventId: command.eventId, source: command.source };
  const detail = command.detail as Record<string, unknown> | null | undefined;
  const echo = (name: string): string | undefined => {
    const value = typeof detail === 'object' && detail !== null ? detail[name] : undefined;
    return typeof value === 'string' && value.length <= MAX_ECHO ? value : undefined;
  };
  const clientTag = echo('client_tag');
  const clientToken = echo('client_token');
  if (clientTag !== undefined) request.clientTag = clientTag;
  if (clientToken !== undefined) request.clientToken = clientToken;
  return request;
}
