import type { SandboxContext } from '../../context.js';
import { badRequest } from '../../batch/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { child, el } from '../../protocol/xml.js';
import { controlXml, parseBody, scopeOf } from './common.js';
import { parseCreateJob } from './createJobRequest.js';

/** CreateJob (`POST /v20180820/jobs`) → `<CreateJobResult><JobId/></CreateJobResult>`. */
export function createJob(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const scope = scopeOf(req);
  const root = child(parseBody(req), 'CreateJobRequest');
  if (!root) throw badRequest('The body must be a <CreateJobRequest> document.');
  // The SDKs always fill ClientRequestToken; a raw request without one gets a unique token.
  const spec = parseCreateJob(root, `sandbox-${req.requestId}`);
  const { jobId } = ctx.batch.createJob(scope, spec);
  return controlXml('CreateJobResult', [el('JobId', jobId)]);
}
