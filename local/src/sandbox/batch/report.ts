/**
 * The completion report (aws-facts §6.6), written into the sandbox's own S3 state when a job
 * completes, fails or is cancelled after at least one task ran:
 *
 * - `<prefix>/job-<jobId>/manifest.json` — `{ Format, ReportCreationDate, Results: [{
 *   TaskExecutionStatus, Bucket, MD5Checksum, Key }], ReportSchema }`;
 * - `<prefix>/job-<jobId>/results/<40 hex>.csv` — one file for succeeded tasks (unless the scope
 *   is FailedTasksOnly) and one for failed tasks, each only when it has rows.
 *
 * Rows have no header. The declared ReportSchema is "Bucket, Key, VersionId, TaskStatus,
 * ErrorCode, HTTPStatusCode, ResultMessage", but AWS's own example rows put the HTTP status
 * before the error code (`bucket,key,,failed,200,PermanentFailure,"…"`, aws-facts §1 #7); we
 * write the example rows' order. Keys are URL-encoded (assumed, as in manifests).
 */
import { createHash } from 'node:crypto';
import type { S3State } from '../state/store.js';
import { writeObject } from '../state/objects.js';
import { csvField, encodeReportKey } from './csv.js';
import type { BatchJob, TaskResult } from './model.js';

export const REPORT_SCHEMA = 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage';

export interface WrittenReport {
  manifestKey: string;
  files: Array<{ status: 'succeeded' | 'failed'; key: string; rows: number }>;
}

/** Name of the report bucket in `arn:aws:s3:::bucket`. */
export function reportBucketName(bucketArn: string | undefined): string | undefined {
  return bucketArn ? /^arn:[^:]+:s3:::([^/]+)$/.exec(bucketArn)?.[1] : undefined;
}

/**
 * The folder of a job's report; an empty prefix gives no leading slash, and trailing slashes of
 * the prefix are dropped (so `reports/` does not give `reports//job-…`; AWS's handling is unverified).
 */
export function reportBase(prefix: string | undefined, jobId: string): string {
  const trimmed = (prefix ?? '').replace(/\/+$/, '');
  return trimmed === '' ? `job-${jobId}` : `${trimmed}/job-${jobId}`;
}

/**
 * Write the report if the job asked for one and ran at least one task. Returns what was
 * written, or undefined. Throws an S3Error when the report bucket is gone.
 */
export function writeReport(s3: S3State, job: BatchJob, now: number, seed: number): WrittenReport | undefined {
  const report = job.spec.report;
  if (!report.enabled || job.results.length === 0) return undefined;
  const bucket = s3.bucket(reportBucketName(report.bucketArn) ?? '');
  const base = reportBase(report.prefix, job.jobId);
  const wanted: Array<'succeeded' | 'failed'> = report.reportScope === 'FailedTasksOnly' ? ['failed'] : ['succeeded', 'failed'];
  const written: WrittenReport = { manifestKey: `${base}/manifest.json`, files: [] };
  const results: Array<{ TaskExecutionStatus: string; Bucket: string; MD5Checksum: string; Key: string }> = [];
  for (const status of wanted) {
    const lines = csvLines(job, status === 'succeeded');
    if (lines.length === 0) continue;
    const body = Buffer.from(lines.join(''), 'utf8');
    const key = `${base}/results/${createHash('sha1').update(`${job.jobId}/${status}`).digest('hex')}.csv`;
    writeObject(s3, bucket, { key, body, contentType: 'text/csv' }, now, seed);
    results.push({ TaskExecutionStatus: status, Bucket: bucket.name, MD5Checksum: createHash('md5').update(body).digest('hex'), Key: key });
    written.files.push({ status, key, rows: lines.length });
  }
  const manifest = {
    Format: 'Report_CSV_20180820',
    ReportCreationDate: new Date(now).toISOString(),
    Results: results,
    ReportSchema: REPORT_SCHEMA,
  };
  writeObject(s3, bucket, { key: written.manifestKey, body: Buffer.from(JSON.stringify(manifest), 'utf8'), contentType: 'application/json' }, now, seed);
  return written;
}

function csvLines(job: BatchJob, succeeded: boolean): string[] {
  const lines: string[] = [];
  job.results.forEach((result, index) => {
    if (result.succeeded !== succeeded) return;
    const entry = job.tasks[index]!;
    lines.push(row(entry.bucket, entry.key, entry.versionId, result));
  });
  return lines;
}

function row(bucket: string, key: string, versionId: string | undefined, result: TaskResult): string {
  return (
    [
      csvField(bucket),
      encodeReportKey(key),
      csvField(versionId ?? ''),
      result.succeeded ? 'succeeded' : 'failed',
      String(result.httpStatus),
      csvField(result.errorCode ?? ''),
      csvField(result.resultMessage, true),
    ].join(',') + '\n'
  );
}
