/**
 * The completion report format without S3: the report folder, bucket ARNs, manifest.json checks,
 * and rows in both documented column orders with keys URL-encoded or not. Rows and the manifest
 * follow the shapes of AWS's examples (aws-facts §6.6).
 */
import { describe, expect, it } from '@jest/globals';
import { bucketNameOf, decodeReportKey, parseReportManifest, parseReportRow, reportFolder } from '../../src/adapters/aws/completion-report-format.js';

const FILE = { bucket: 'reports', key: 'p/job-1/manifest.json' };

describe('completion report format', () => {
  it.each([
    ['reports/j1', 'reports/j1/job-b1'],
    ['reports/j1/', 'reports/j1/job-b1'],
    ['', 'job-b1'],
  ])('puts the report of prefix %j under %j', (prefix, folder) => {
    expect(reportFolder(prefix, 'b1')).toBe(folder);
  });

  it.each([
    ['arn:aws:s3:::my-reports', 'my-reports'],
    ['arn:aws-cn:s3:::my.reports', 'my.reports'],
    ['my-reports', 'my-reports'],
    ['arn:aws:s3:us-east-1:123456789012:accesspoint/ap', undefined],
    ['', undefined],
  ])('reads the bucket of %j as %j', (value, name) => {
    expect(bucketNameOf(value)).toBe(name);
  });

  it("reads a manifest.json shaped like AWS's example", () => {
    const text = JSON.stringify({
      Format: 'Report_CSV_20180820',
      ReportCreationDate: '2019-04-05T17:48:39.725Z',
      Results: [
        { TaskExecutionStatus: 'succeeded', Bucket: 'reports', MD5Checksum: 'b61a6d4fbd64fe8de9d6bba4a7fbdd87', Key: 'p/job-1/results/a.csv' },
        { TaskExecutionStatus: 'failed', Bucket: 'reports', MD5Checksum: '9e4e11e9d7ab19fd1f7a6b73dcd3c8f8', Key: 'p/job-1/results/b.csv' },
      ],
      ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
    });
    expect(parseReportManifest(text, FILE).Results.map((r) => r.TaskExecutionStatus)).toEqual(['succeeded', 'failed']);
  });

  it.each([
    ['{"Format":', /is not JSON/, undefined],
    ['{"Format":"Report_CSV_20180820"}', /Results is required/, 'Results'],
    ['{"Format":"Report_CSV_20991231","Results":[]}', /Format/, 'Format'],
    ['{"Format":"Report_CSV_20180820","Results":[{"TaskExecutionStatus":"failed","Bucket":"r"}]}', /Key is required/, 'Results.0.Key'],
  ])('refuses the manifest %j as ReportMalformed naming the file', (text, message, field) => {
    let error: unknown;
    try {
      parseReportManifest(text, FILE);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ name: 'DependencyError', code: 'ReportMalformed', details: expect.objectContaining({ bucket: 'reports', key: FILE.key }) });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('s3://reports/p/job-1/manifest.json');
    if (field) expect((error as { details: { field: string } }).details.field).toBe(field);
  });

  it.each([
    ['AWS example order (HTTPStatusCode, ErrorCode)', ['archive', 'a%20b', '', 'failed', '404', 'NoSuchKey', 'The specified key does not exist.']],
    ['the declared ReportSchema order (ErrorCode, HTTPStatusCode)', ['archive', 'a%20b', '', 'failed', 'NoSuchKey', '404', 'The specified key does not exist.']],
  ])('reads a failed row in %s', (_order, fields) => {
    expect(parseReportRow(fields)).toEqual({
      kind: 'failed',
      task: { bucket: 'archive', key: 'a b', errorCode: 'NoSuchKey', httpStatus: 404, message: 'The specified key does not exist.' },
    });
  });

  it('keeps a version id, drops "null", and accepts a row without an HTTP status', () => {
    expect(parseReportRow(['archive', 'k', 'v1', 'failed', '', 'InternalError', 'm'])).toEqual({
      kind: 'failed',
      task: { bucket: 'archive', key: 'k', versionId: 'v1', errorCode: 'InternalError', message: 'm' },
    });
    expect(parseReportRow(['archive', 'k', 'null', 'failed', '403', '', 'm'])).toEqual({
      kind: 'failed',
      task: { bucket: 'archive', key: 'k', errorCode: 'Unknown', httpStatus: 403, message: 'm' },
    });
  });

  it('passes over succeeded rows', () => {
    expect(parseReportRow(['archive', 'k', '', 'succeeded', '202', '', 'Successful'])).toEqual({ kind: 'succeeded' });
  });

  it.each([
    [['archive', 'k', '', 'failed', '404', 'NoSuchKey'], /expected 7 fields/],
    [['archive', 'k', '', 'done', '404', 'NoSuchKey', 'm'], /TaskStatus/],
    [['', 'k', '', 'failed', '404', 'NoSuchKey', 'm'], /Bucket/],
    [['archive', '', '', 'failed', '404', 'NoSuchKey', 'm'], /Key/],
    [['archive', 'k', '', 'failed', '404', '403', 'm'], /both/],
    [['archive', 'k', '', 'failed', 'NoSuchKey', 'Oops', 'm'], /neither/],
  ])('says why the row %j is unreadable', (fields, reason) => {
    const row = parseReportRow(fields);
    expect(row.kind).toBe('bad');
    expect(row.kind === 'bad' && row.reason).toMatch(reason);
  });

  it.each([
    ['a/b%20c%2Bd.txt', 'a/b c+d.txt'],
    ['red+flower.jpg', 'red flower.jpg'],
    ['%C3%BCn%C3%AF/%E6%97%A5.txt', 'ünï/日.txt'],
    ['a/b c+d.txt', 'a/b c+d.txt'],
    ['ünï+%41.txt', 'ünï+%41.txt'],
    ['100%off', '100%off'],
  ])('reads the key %j as %j', (field, key) => {
    expect(decodeReportKey(field)).toBe(key);
  });
});
