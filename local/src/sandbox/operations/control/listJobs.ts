import type { SandboxContext } from '../../context.js';
import { ControlError } from '../../batch/errors.js';
import type { JobStatus } from '../../batch/model.js';
import { JOB_STATUSES } from '../../batch/model.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { el } from '../../protocol/xml.js';
import { controlXml, integerIn, scopeOf } from './common.js';
import { jobListDescriptor } from './render.js';

const invalid = (message: string) => new ControlError('InvalidRequestException', message);

/**
 * ListJobs (`GET /v20180820/jobs?jobStatuses=…&jobStatuses=…&nextToken=…&maxResults=…`) →
 * `<ListJobsResult><Jobs><member>…</member></Jobs><NextToken/></ListJobsResult>`.
 */
export function listJobs(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  const statuses = req.query.getAll('jobStatuses');
  const unknown = statuses.find((s) => !JOB_STATUSES.includes(s as JobStatus));
  if (unknown !== undefined) throw invalid(`jobStatuses: unknown status "${unknown}".`);
  const maxResults = req.query.has('maxResults') ? integerIn(req.query.get('maxResults') ?? '', 'maxResults', 0, 1000, invalid) : undefined;
  const page = ctx.batch.listJobs(scopeOf(req), {
    statuses: statuses as JobStatus[],
    nextToken: req.query.get('nextToken') ?? undefined,
    maxResults,
  });
  return controlXml('ListJobsResult', [el('Jobs', page.jobs.map(jobListDescriptor)), el('NextToken', page.nextToken)]);
}
