/**
 * The S3 Control surface (`/v20180820/…`, aws-facts §6.1). Only the Batch Operations job
 * operations are emulated; access points, Storage Lens, job tagging and the rest answer 501 with
 * a pointer to docs/sandbox.md. Errors are rendered here in S3 Control's own format
 * (`<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>`).
 */
import type { SandboxContext } from '../../context.js';
import { ControlError, controlNotImplemented } from '../../batch/errors.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { controlErrorResponse } from './common.js';
import { createJob } from './createJob.js';
import { describeJob } from './describeJob.js';
import { listJobs } from './listJobs.js';
import { updateJobPriority } from './updateJobPriority.js';
import { updateJobStatus } from './updateJobStatus.js';

const JOBS = '/v20180820/jobs';

export async function routeControl(ctx: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  try {
    return dispatch(ctx, req);
  } catch (error) {
    if (error instanceof ControlError) return controlErrorResponse(error, req.requestId, req.hostId);
    if (error instanceof S3Error) {
      // An S3 error surfacing from shared code: keep its code and status, in S3 Control's envelope.
      return controlErrorResponse(new ControlError(error.code, error.message, error.status), req.requestId, req.hostId);
    }
    // Anything else is a sandbox bug: the wire layer logs it and answers 500 InternalError.
    throw error;
  }
}

function dispatch(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const path = req.rawPath.replace(/\/+$/, '');
  const m = req.method;
  if (path === JOBS) {
    if (m === 'POST') return createJob(ctx, req);
    if (m === 'GET') return listJobs(ctx, req);
    throw controlNotImplemented(`${m} ${JOBS}`);
  }
  if (path.startsWith(`${JOBS}/`)) {
    const [rawId, action, ...rest] = path.slice(JOBS.length + 1).split('/');
    const jobId = decode(rawId ?? '');
    if (rest.length === 0) {
      if (action === undefined && m === 'GET') return describeJob(ctx, req, jobId);
      if (action === 'status' && m === 'POST') return updateJobStatus(ctx, req, jobId);
      if (action === 'priority' && m === 'POST') return updateJobPriority(ctx, req, jobId);
    }
  }
  throw controlNotImplemented(`The S3 Control request ${m} ${req.rawPath}`);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ControlError('BadRequestException', `The job id "${segment}" is not validly URL-encoded.`);
  }
}
