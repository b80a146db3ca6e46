/**
 * Helpers for the Batch Operations tests: a manual-clock sandbox with real SDK clients, CSV
 * manifests with URL-encoded keys, CreateJob inputs, and completion report readers.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client, StorageClass } from '@aws-sdk/client-s3';
import { CreateJobCommand, DescribeJobCommand } from '@aws-sdk/client-s3-control';
import type { CreateJobCommandInput, JobDescriptor, S3ControlClient } from '@aws-sdk/client-s3-control';
import { sandboxS3Client, sandboxS3ControlClient } from '../../src/sandbox/clients.js';
import type { Delivery } from '../../src/sandbox/events/delivery.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/server.js';

export const ACCOUNT = '123456789012';
/** 2030-01-01T10:30:00Z: a fixed virtual start, so times in assertions are stable. */
export const START = Date.UTC(2030, 0, 1, 10, 30);
export const HOUR = 3_600_000;

export interface BatchHarness {
  sandbox: Sandbox;
  s3: S3Client;
  control: S3ControlClient;
  deliveries: Delivery[];
  close(): Promise<void>;
}

export async function startBatchSandbox(options: SandboxOptions = {}): Promise<BatchHarness> {
  const deliveries: Delivery[] = [];
  const sandbox = await startSandbox({
    clockMode: 'manual',
    seed: 7,
    startTime: START,
    log: () => {},
    destinations: { callback: (d) => void deliveries.push(d) },
    ...options,
  });
  const s3 = sandboxS3Client(sandbox.endpoint);
  const control = sandboxS3ControlClient(sandbox.endpoint);
  return {
    sandbox,
    s3,
    control,
    deliveries,
    async close() {
      s3.destroy();
      control.destroy();
      await sandbox.close();
    },
  };
}

/** Python's `quote_plus(key, safe="/")`, the encoding tools commonly write manifests with. */
export function formEncode(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}

export async function createBuckets(s3: S3Client, ...names: string[]): Promise<void> {
  for (const name of names) await s3.send(new CreateBucketCommand({ Bucket: name }));
}

export async function putObjects(s3: S3Client, bucket: string, keys: string[], storageClass: StorageClass = 'GLACIER'): Promise<void> {
  await Promise.all(keys.map((key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `body of ${key}`, StorageClass: storageClass }))));
}

/** Write a CSV manifest of `bucket,key[,versionId]` rows and return its ETag (quoted, as S3 sends it). */
export async function putManifest(s3: S3Client, bucket: string, key: string, rows: Array<[string, string, string?]>): Promise<string> {
  const body = rows.map(([b, k, v]) => [b, formEncode(k), ...(v === undefined ? [] : [v])].join(',')).join('\n') + '\n';
  const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return out.ETag!;
}

/** A restore job input; override any part. */
export function restoreJob(manifestArn: string, etag: string, overrides: Partial<CreateJobCommandInput> = {}): CreateJobCommandInput {
  return {
    AccountId: ACCOUNT,
    Operation: { S3InitiateRestoreObject: { ExpirationInDays: 3, GlacierJobTier: 'BULK' } },
    Manifest: {
      Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
      Location: { ObjectArn: manifestArn, ETag: etag },
    },
    Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', Format: 'Report_CSV_20180820', Prefix: 'batch', ReportScope: 'AllTasks' },
    Priority: 10,
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/batch-restore`,
    ConfirmationRequired: false,
    ...overrides,
  };
}

export async function createJob(control: S3ControlClient, input: CreateJobCommandInput): Promise<string> {
  const out = await control.send(new CreateJobCommand(input));
  return out.JobId!;
}

export async function describeJob(control: S3ControlClient, jobId: string): Promise<JobDescriptor> {
  const out = await control.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: jobId }));
  return out.Job!;
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

export interface ReportManifest {
  Format: string;
  ReportCreationDate: string;
  Results: Array<{ TaskExecutionStatus: 'succeeded' | 'failed'; Bucket: string; MD5Checksum: string; Key: string }>;
  ReportSchema: string;
}

export interface ReportRow {
  bucket: string;
  key: string;
  versionId: string;
  status: string;
  httpStatus: string;
  errorCode: string;
  message: string;
}

/** Read a job's completion report: its manifest.json and every results file, rows parsed and keys decoded. */
export async function readReport(s3: S3Client, bucket: string, base: string): Promise<{ manifest: ReportManifest; rows: Record<string, ReportRow[]> }> {
  const manifest = JSON.parse(await getText(s3, bucket, `${base}/manifest.json`)) as ReportManifest;
  const rows: Record<string, ReportRow[]> = {};
  for (const result of manifest.Results) {
    const text = await getText(s3, result.Bucket, result.Key);
    if (createHash('md5').update(text).digest('hex') !== result.MD5Checksum) throw new Error(`MD5 mismatch for ${result.Key}`);
    rows[result.TaskExecutionStatus] = text
      .split('\n')
      .filter((line) => line !== '')
      .map(parseReportLine);
  }
  return { manifest, rows };
}

/** `Bucket,Key,VersionId,TaskStatus,HTTPStatusCode,ErrorCode,"ResultMessage"` (AWS's example-row order). */
function parseReportLine(line: string): ReportRow {
  const m = /^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),"((?:[^"]|"")*)"$/.exec(line);
  if (!m) throw new Error(`unparseable report row: ${line}`);
  return {
    bucket: m[1]!,
    key: decodeURIComponent(m[2]!.replace(/\+/g, ' ')),
    versionId: m[3]!,
    status: m[4]!,
    httpStatus: m[5]!,
    errorCode: m[6]!,
    message: m[7]!.replace(/""/g, '"'),
  };
}

/** Batch Operations lifecycle events delivered so far: `[eventName, status]` pairs for one job. */
export function jobEvents(deliveries: Delivery[], jobId: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const d of deliveries) {
    if (d.kind !== 'eventbridge') continue;
    const detail = d.event['detail'] as { eventName?: string; serviceEventDetails?: { jobId: string; status: string } };
    if (detail.serviceEventDetails?.jobId === jobId) out.push([detail.eventName!, detail.serviceEventDetails.status]);
  }
  return out;
}

/** The jobs service's settings in tests: the sandbox's account, a `reports` bucket, test-named topic and queue. */
export function jobsTestSettings(idempotencyNamespace: string) {
  return {
    reportBucket: 'reports',
    batchRoleArn: `arn:aws:iam::${ACCOUNT}:role/batch-restore`,
    accountId: ACCOUNT,
    notificationTopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:s3-bulk-restore-test-notifications`,
    notificationQueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/s3-bulk-restore-test-notifications`,
    idempotencyNamespace,
  };
}

/** The jobs service's environment in tests (what `readConfig` reads): DynamoDB and EventBridge on moto, S3 on the sandbox. */
export function jobsTestEnvironment(options: { jobsTable: string; busName: string; motoEndpoint: string; sandboxEndpoint: string }): Record<string, string> {
  const settings = jobsTestSettings('test');
  return {
    JOBS_TABLE: options.jobsTable,
    EVENT_BUS_NAME: options.busName,
    REPORT_BUCKET: settings.reportBucket,
    BATCH_ROLE_ARN: settings.batchRoleArn,
    ACCOUNT_ID: ACCOUNT,
    NOTIFICATION_TOPIC_ARN: settings.notificationTopicArn,
    NOTIFICATION_QUEUE_URL: settings.notificationQueueUrl,
    STAGE: 'test',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: options.motoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: options.motoEndpoint,
    AWS_ENDPOINT_URL_S3: options.sandboxEndpoint,
    AWS_ENDPOINT_URL_S3_CONTROL: options.sandboxEndpoint,
  };
}
