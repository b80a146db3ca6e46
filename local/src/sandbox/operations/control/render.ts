/**
 * JobDescriptor and JobListDescriptor as XML, with the element names of the S3 Control model
 * (checked against the SDK's schema: `JobDescriptor$`, `JobListDescriptor$` in
 * @aws-sdk/client-s3-control). Lists use `<member>`; times are ISO-8601.
 */
import type { JobSpec } from '../../batch/model.js';
import type { JobDescription, ProgressSummary } from '../../batch/view.js';
import type { XmlNode } from '../../protocol/xml.js';
import { el, isoTime } from '../../protocol/xml.js';

export const RESTORE_OPERATION = 'S3InitiateRestoreObject';

export function jobDescriptor(job: JobDescription): XmlNode {
  return el('Job', [
    el('JobId', job.jobId),
    el('ConfirmationRequired', job.spec.confirmationRequired),
    el('Description', job.spec.description),
    el('JobArn', job.jobArn),
    el('Status', job.status),
    manifest(job.spec.manifest),
    operation(job.spec.operation),
    el('Priority', job.priority),
    progressSummary(job.progress),
    el('StatusUpdateReason', job.statusUpdateReason),
    el(
      'FailureReasons',
      job.failureReasons.map((f) => el('member', [el('FailureCode', f.failureCode), el('FailureReason', f.failureReason)])),
    ),
    report(job.spec.report),
    el('CreationTime', isoTime(job.creationTime)),
    el('TerminationDate', optionalTime(job.terminationDate)),
    el('RoleArn', job.spec.roleArn),
    el('SuspendedDate', optionalTime(job.suspendedDate)),
    el('SuspendedCause', job.suspendedCause),
  ]);
}

export function jobListDescriptor(job: JobDescription): XmlNode {
  return el('member', [
    el('JobId', job.jobId),
    el('Description', job.spec.description),
    el('Operation', RESTORE_OPERATION),
    el('Priority', job.priority),
    el('Status', job.status),
    el('CreationTime', isoTime(job.creationTime)),
    el('TerminationDate', optionalTime(job.terminationDate)),
    progressSummary(job.progress),
  ]);
}

function progressSummary(p: ProgressSummary): XmlNode {
  return el('ProgressSummary', [
    el('TotalNumberOfTasks', p.totalNumberOfTasks),
    el('NumberOfTasksSucceeded', p.numberOfTasksSucceeded),
    el('NumberOfTasksFailed', p.numberOfTasksFailed),
    el('Timers', [el('ElapsedTimeInActiveSeconds', p.elapsedTimeInActiveSeconds)]),
  ]);
}

function manifest(m: JobSpec['manifest']): XmlNode {
  return el('Manifest', [
    el('Spec', [el('Format', m.format), m.fields ? el('Fields', m.fields.map((f) => el('member', f))) : el('Fields', undefined)]),
    el('Location', [el('ObjectArn', m.objectArn), el('ETag', m.etag), el('ObjectVersionId', m.objectVersionId)]),
  ]);
}

function operation(o: JobSpec['operation']): XmlNode {
  return el('Operation', [
    el(RESTORE_OPERATION, [el('ExpirationInDays', o.expirationInDays), el('GlacierJobTier', o.glacierJobTier)]),
  ]);
}

function report(r: JobSpec['report']): XmlNode {
  return el('Report', [
    el('Bucket', r.bucketArn),
    el('Format', r.format),
    el('Enabled', r.enabled),
    el('Prefix', r.prefix),
    el('ReportScope', r.reportScope),
  ]);
}

function optionalTime(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : isoTime(ms);
}
