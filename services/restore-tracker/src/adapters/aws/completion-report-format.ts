/**
 * The format of S3 Batch Operations completion reports (aws-facts §6.6), without I/O: where the
 * files are, the `manifest.json` that lists them, and the headerless CSV rows of a results file.
 * AWS's documentation contradicts itself twice here, and both readings are accepted:
 *
 * - the declared `ReportSchema` puts `ErrorCode` before `HTTPStatusCode`, AWS's own example rows
 *   the other way round: the numeric one of the two is the HTTP status;
 * - keys are assumed URL-encoded like the manifest's, but that is unverified: a key that could not
 *   have come out of a URL encoder is taken as written (see {@link decodeReportKey}).
 */
import { DependencyError, KeyCodecError, contract, decodeManifestKey } from '@s3-bulk-restore/shared';
import type { FromSchema } from 'json-schema-to-ts';
import type { ReportedTask } from '../../app/ports.js';

/** The only report format Batch Operations has (CreateJob `Report.Format`). */
export const REPORT_FORMAT = 'Report_CSV_20180820';

/** `manifest.json` of a completion report, as far as we rely on it (AWS may add fields). */
export const reportManifestSchema = {
  $id: 'https://s3-bulk-restore/schemas/aws/batch-completion-report-manifest.json',
  title: 'BatchCompletionReportManifest',
  type: 'object',
  required: ['Format', 'Results'],
  properties: {
    Format: { const: REPORT_FORMAT },
    ReportCreationDate: { type: 'string' },
    ReportSchema: { type: 'string' },
    Results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['TaskExecutionStatus', 'Bucket', 'Key'],
        properties: {
          TaskExecutionStatus: { type: 'string', enum: ['succeeded', 'failed'] },
          Bucket: { type: 'string', minLength: 1 },
          MD5Checksum: { type: 'string' },
          Key: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

export type ReportManifest = FromSchema<typeof reportManifestSchema>;

const reportManifest = contract<ReportManifest>('BatchCompletionReportManifest', reportManifestSchema, 'ReportMalformed');

/** Where a file of a report is, for errors and logs. */
export interface ReportFile {
  bucket: string;
  key: string;
}

/**
 * The folder of a job's report: `<prefix>/job-<batchJobId>`. An empty prefix gives no leading
 * slash, and trailing slashes of the prefix are dropped (what the sandbox writes; AWS's handling
 * of a trailing slash is unverified).
 */
export function reportFolder(prefix: string, batchJobId: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' ? `job-${batchJobId}` : `${trimmed}/job-${batchJobId}`;
}

/** A bucket's name from `arn:<partition>:s3:::<name>` (DescribeJob's `Report.Bucket`); a bare name is kept. */
export function bucketNameOf(bucketOrArn: string): string | undefined {
  if (!bucketOrArn.startsWith('arn:')) return bucketOrArn === '' ? undefined : bucketOrArn;
  return /^arn:[^:]+:s3:::([^/]+)$/.exec(bucketOrArn)?.[1];
}

/**
 * Parse and check a report's `manifest.json`.
 *
 * @throws DependencyError `ReportMalformed` naming the file and the field at fault
 */
export function parseReportManifest(text: string, file: ReportFile): ReportManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw malformed(file, `is not JSON (${(error as Error).message})`, {}, error);
  }
  try {
    return reportManifest.parse(value);
  } catch (error) {
    const field = (error as { details?: { field?: unknown } }).details?.field;
    throw malformed(file, `is not a ${REPORT_FORMAT} report manifest (${(error as Error).message})`, { field }, error);
  }
}

/** A row of a results file: the failed task it names, `succeeded` (nothing to do), or why it is unreadable. */
export type ReportRow = { kind: 'failed'; task: ReportedTask } | { kind: 'succeeded' } | { kind: 'bad'; reason: string };

const COLUMNS = 7;
const HTTP_STATUS = /^[1-5]\d\d$/;

/** Read one row: `Bucket, Key, VersionId, TaskStatus, {ErrorCode, HTTPStatusCode in either order}, ResultMessage`. */
export function parseReportRow(fields: readonly string[]): ReportRow {
  if (fields.length !== COLUMNS) return bad(`expected ${COLUMNS} fields (Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage), found ${fields.length}`);
  const [bucket = '', encodedKey = '', versionId = '', taskStatus = '', first = '', second = '', message = ''] = fields;
  const status = taskStatus.toLowerCase();
  if (status === 'succeeded') return { kind: 'succeeded' };
  if (status !== 'failed') return bad(`TaskStatus is ${JSON.stringify(taskStatus)}, not "failed" or "succeeded"`);
  if (bucket === '') return bad('the Bucket field is empty');
  const codes = errorAndStatus(first, second);
  if (typeof codes === 'string') return bad(codes);
  const key = decodeReportKey(encodedKey);
  if (key === '') return bad('the Key field is empty');
  const task: ReportedTask = {
    bucket,
    key,
    // Unversioned buckets may name the version "null" (as S3's events do): that is no version id.
    ...(versionId !== '' && versionId !== 'null' ? { versionId } : {}),
    errorCode: codes.errorCode || 'Unknown',
    ...(codes.httpStatus === undefined ? {} : { httpStatus: codes.httpStatus }),
    message,
  };
  return { kind: 'failed', task };
}

/** Tell ErrorCode from HTTPStatusCode whatever their order: the HTTP status is the numeric one. */
function errorAndStatus(first: string, second: string): { errorCode: string; httpStatus?: number } | string {
  const firstIsStatus = HTTP_STATUS.test(first);
  const secondIsStatus = HTTP_STATUS.test(second);
  if (firstIsStatus && !secondIsStatus) return { errorCode: second, httpStatus: Number(first) };
  if (secondIsStatus && !firstIsStatus) return { errorCode: first, httpStatus: Number(second) };
  if (firstIsStatus) return `both ${first} and ${second} look like an HTTP status: which one is the ErrorCode cannot be told`;
  if (first !== '' && second !== '') return `neither ${JSON.stringify(first)} nor ${JSON.stringify(second)} is an HTTP status code`;
  return { errorCode: first || second };
}

// No URL encoder leaves whitespace, control characters or non-ASCII characters as they are.
const NEVER_ENCODED = /[\s\p{Cc}\u0080-\u{10FFFF}]/u;

/**
 * The raw key of a report row. Keys are assumed URL-encoded as in manifests and decoded with the
 * manifest's codec (`+` is a space); a key holding a character no URL encoder leaves (a space, a
 * control or non-ASCII character), or whose percent-encoding does not decode, was written as it
 * is and is kept. Left ambiguous: a raw key made only of URL-safe characters with a `+` or a
 * `%XX` in it would be decoded.
 *
 * @example decodeReportKey('a/b%20c%2Bd.txt') === 'a/b c+d.txt'
 * @example decodeReportKey('a/b c+d.txt') === 'a/b c+d.txt'
 */
export function decodeReportKey(field: string): string {
  if (NEVER_ENCODED.test(field)) return field;
  try {
    return decodeManifestKey(field);
  } catch (error) {
    if (error instanceof KeyCodecError) return field;
    throw error;
  }
}

/** A `ReportMalformed` error naming the file (and the line, for a CSV row). */
export function malformed(file: ReportFile, problem: string, details: Record<string, unknown> = {}, cause?: unknown): DependencyError {
  const line = typeof details['line'] === 'number' ? ` at line ${details['line']}` : '';
  return new DependencyError(
    'ReportMalformed',
    `The completion report file s3://${file.bucket}/${file.key}${line} ${problem}`,
    { bucket: file.bucket, key: file.key, ...details },
    cause === undefined ? undefined : { cause },
  );
}

function bad(reason: string): ReportRow {
  return { kind: 'bad', reason };
}
