import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../batch/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { el } from '../../protocol/xml.js';
import { controlXml, scopeOf } from './common.js';

/**
 * UpdateJobStatus (`POST /v20180820/jobs/{id}/status?requestedJobStatus=Ready|Cancelled&statusUpdateReason=…`)
 * → `<UpdateJobStatusResult><JobId/><Status/><StatusUpdateReason/></UpdateJobStatusResult>`.
 */
export function updateJobStatus(ctx: SandboxContext, req: SandboxRequest, jobId: string): SandboxResponse {
  const requested = req.query.get('requestedJobStatus');
  if (requested !== 'Ready' && requested !== 'Cancelled') {
    throw badRequest(`requestedJobStatus must be Ready or Cancelled, got "${requested ?? ''}".`);
  }
  const reason = req.query.get('statusUpdateReason') ?? undefined;
  if (reason !== undefined && (reason.length < 1 || reason.length > 256)) throw badRequest('statusUpdateReason must be 1 to 256 characters.');
  const result = ctx.batch.updateJobStatus(scopeOf(req), jobId, requested, reason);
  return controlXml('UpdateJobStatusResult', [
    el('JobId', result.jobId),
    el('Status', result.status),
    el('StatusUpdateReason', result.statusUpdateReason),
  ]);
}
