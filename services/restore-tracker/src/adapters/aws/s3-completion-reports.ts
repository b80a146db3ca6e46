/**
 * Completion reports of S3 Batch Operations jobs, read from S3 with GetObject: the report's
 * `manifest.json` (or `report.json`, the name the API reference gives instead), then each results
 * file of failed tasks, streamed row by row so a report of millions of tasks takes constant memory.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { DependencyError, readCsvRecords } from '@s3-bulk-restore/shared';
import type { CompletionReports, ReportLocation, ReportedTask } from '../../app/ports.js';
import { bucketNameOf, malformed, parseReportManifest, parseReportRow, reportFolder } from './completion-report-format.js';
import type { ReportFile, ReportManifest } from './completion-report-format.js';

/** What the adapter needs. */
export interface S3CompletionReportsOptions {
  client: S3Client;
}

/** The names the report's listing goes by: the User Guide's first, the API reference's second (aws-facts §6.6). */
const MANIFEST_NAMES = ['manifest.json', 'report.json'] as const;

/** {@link CompletionReports} over S3 GetObject; errors become DependencyErrors `ReportNotFound` / `ReportMalformed`. */
export class S3CompletionReports implements CompletionReports {
  constructor(private readonly options: S3CompletionReportsOptions) {}

  async *failedTasks(batchJobId: string, report: ReportLocation): AsyncIterable<ReportedTask> {
    const { manifest, file } = await this.readManifest(batchJobId, report);
    for (const result of manifest.Results) {
      if (result.TaskExecutionStatus !== 'failed') continue;
      const bucket = bucketNameOf(result.Bucket);
      if (!bucket) throw malformed(file, `names a results file in ${JSON.stringify(result.Bucket)}, which is not a bucket`, { field: 'Results.Bucket' });
      yield* this.readResults({ bucket, key: result.Key }, batchJobId);
    }
  }

  private async readManifest(batchJobId: string, report: ReportLocation): Promise<{ manifest: ReportManifest; file: ReportFile }> {
    const folder = reportFolder(report.prefix, batchJobId);
    for (const name of MANIFEST_NAMES) {
      const file = { bucket: report.bucket, key: `${folder}/${name}` };
      const body = await this.get(file);
      if (body) return { manifest: parseReportManifest(await body.transformToString('utf-8'), file), file };
    }
    const where = `s3://${report.bucket}/${folder}/`;
    throw new DependencyError('ReportNotFound', `The Batch Operations job ${batchJobId} has no completion report at ${where} (neither ${MANIFEST_NAMES.join(' nor ')})`, {
      batchJobId,
      bucket: report.bucket,
      key: `${folder}/${MANIFEST_NAMES[0]}`,
    });
  }

  private async *readResults(file: ReportFile, batchJobId: string): AsyncIterable<ReportedTask> {
    const body = await this.get(file);
    if (!body) {
      throw new DependencyError('ReportNotFound', `The results file s3://${file.bucket}/${file.key} of the Batch Operations job ${batchJobId}'s report does not exist`, {
        batchJobId,
        ...file,
      });
    }
    // On Node the SDK's body is an IncomingMessage: an async iterable of Buffers.
    for await (const record of readCsvRecords(body as unknown as AsyncIterable<Uint8Array>)) {
      if (record.kind === 'bad') throw malformed(file, `is malformed: ${record.message}`, { line: record.line });
      const row = parseReportRow(record.fields);
      if (row.kind === 'bad') throw malformed(file, `is malformed: ${row.reason}`, { line: record.line });
      if (row.kind === 'failed') yield row.task;
    }
  }

  /** The object's body, or undefined when it does not exist. */
  private async get(file: ReportFile): Promise<NonNullable<GetObjectCommandOutput['Body']> | undefined> {
    try {
      const out = await this.options.client.send(new GetObjectCommand({ Bucket: file.bucket, Key: file.key }));
      if (!out.Body) throw malformed(file, 'has no body');
      return out.Body;
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number } };
      // Without s3:ListBucket S3 answers 403 for a missing key, which is why the tracker's role has it on the report bucket.
      if (e.name === 'NoSuchKey' || e.name === 'NoSuchBucket' || e.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }
}
