import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { el } from '../../protocol/xml.js';
import { controlXml, integerIn, scopeOf } from './common.js';

/** UpdateJobPriority (`POST /v20180820/jobs/{id}/priority?priority=N`) → `<UpdateJobPriorityResult><JobId/><Priority/></UpdateJobPriorityResult>`. */
export function updateJobPriority(ctx: SandboxContext, req: SandboxRequest, jobId: string): SandboxResponse {
  const priority = integerIn(req.query.get('priority') ?? undefined, 'priority', 0, 2_147_483_647);
  const result = ctx.batch.updateJobPriority(scopeOf(req), jobId, priority);
  return controlXml('UpdateJobPriorityResult', [el('JobId', result.jobId), el('Priority', result.priority)]);
}
