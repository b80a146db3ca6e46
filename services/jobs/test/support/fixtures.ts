/** Builders for job records and tracker events, valid against their schemas unless told otherwise. */
import { emptyCounts } from '@s3-bulk-restore/shared';
import type { JobFinished, JobProgressed, JobTrackingReady, ObjectCounts } from '@s3-bulk-restore/shared';
import { newJobRecord } from '../../src/app/job-record.js';
import type { JobRecord } from '../../src/app/job-record.js';

export const T0 = Date.UTC(2026, 10, 26, 17, 0, 0);
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

let counter = 0;

/** A new job (Preparing) created `seconds` after T0, with a unique id. */
export function jobRecord(overrides: { seconds?: number; jobId?: string; clientTag?: string } = {}): JobRecord {
  counter += 1;
  const jobId = overrides.jobId ?? `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return newJobRecord({
    jobId,
    batchJobId: `batch-${jobId.slice(-6)}`,
    createdAt: new Date(T0 + (overrides.seconds ?? counter) * 1000),
    manifest: { bucket: 'my-manifests', key: 'restores/a b+c.csv', etag: '9b2cf535f27731c974343645a3985328', size: 120, fields: ['Bucket', 'Key'] },
    tier: 'BULK',
    expirationDays: 7,
    clientTag: overrides.clientTag ?? 'legal-hold',
    progressStepPercent: 10,
    batchOperation: { JobId: `batch-${jobId.slice(-6)}` },
  });
}

export function trackingReady(job: JobRecord, totalObjects: number, seconds = 10): JobTrackingReady {
  return { schemaVersion: 1, jobId: job.jobId, batchJobId: job.batchJobId, totalObjects, manifestLines: totalObjects, duplicateLines: 0, readyAt: at(seconds) };
}

export function counts(partial: Partial<ObjectCounts>): ObjectCounts {
  return { ...emptyCounts(), ...partial };
}

export function progressed(job: JobRecord, c: Partial<ObjectCounts>, options: { seconds: number; percent: number; total?: number }): JobProgressed {
  return {
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    status: 'Restoring',
    totalObjects: options.total ?? 100,
    counts: counts(c),
    progressPercent: options.percent,
    at: at(options.seconds),
  };
}

export function finished(job: JobRecord, status: JobFinished['status'], c: Partial<ObjectCounts>, options: { seconds: number; percent: number; total?: number; reason?: string }): JobFinished {
  const ev: JobFinished = {
    schemaVersion: 1,
    jobId: job.jobId,
    batchJobId: job.batchJobId,
    status,
    totalObjects: options.total ?? 100,
    counts: counts(c),
    progressPercent: options.percent,
    at: at(options.seconds),
  };
  if (options.reason) ev.reason = options.reason;
  return ev;
}

/** The EventBridge envelope a Lambda target receives around a detail. */
export function envelope(detailType: string, detail: unknown, source = 's3-bulk-restore.restore-tracker') {
  return {
    version: '0',
    id: `evt-${detailType}-${Math.random().toString(16).slice(2)}`,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: new Date(T0).toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
