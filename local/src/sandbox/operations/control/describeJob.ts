import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { controlXml, scopeOf } from './common.js';
import { jobDescriptor } from './render.js';

/** DescribeJob (`GET /v20180820/jobs/{id}`) → `<DescribeJobResult><Job>…</Job></DescribeJobResult>`. */
export function describeJob(ctx: SandboxContext, req: SandboxRequest, jobId: string): SandboxResponse {
  const job = ctx.batch.describeJob(scopeOf(req), jobId);
  return controlXml('DescribeJobResult', [jobDescriptor(job)]);
}
