/** Valid events, settings and notifications for the notifier's tests (shapes from docs/events.md). */
import { randomUUID } from 'node:crypto';
import { contracts, emptyCounts } from '@s3-bulk-restore/shared';
import type { JobCreated, JobFinished, JobProgressed, Notification, ObjectCounts } from '@s3-bulk-restore/shared';
import type { JobSettings } from '../../src/app/ports.js';

/** A job id no other test uses (suites share one table or one server). */
export function newJobId(prefix = 'job'): string {
  return `${prefix}-${randomUUID()}`;
}

export function settingsFor(jobId: string, overrides: Partial<JobSettings> = {}): JobSettings {
  return { jobId, batchJobId: `batch-${jobId}`, clientTag: 'legal-hold-2026', progressStepPercent: 10, createdAt: '2026-11-26T17:00:00.000Z', ...overrides };
}

/** A progress notification as the use case would build it. */
export function progressNote(jobId: string, threshold: number, percent = threshold): Notification {
  return contracts.notification.parse({
    JobId: jobId,
    BatchJobId: `batch-${jobId}`,
    Status: 'Restoring',
    ProgressPercent: String(percent),
    FailedBatchFiles: '0',
    EventId: `${jobId}:threshold:${threshold}`,
    EventType: 'Progress',
    EventTime: '2026-11-26T18:04:05.000Z',
    TotalObjects: 100,
    RestoredObjects: percent,
    AvailableObjects: 0,
    FailedObjects: 0,
    PendingObjects: 100 - percent,
    Threshold: threshold,
  });
}

export function finishedNote(jobId: string, status: 'Complete' | 'Failed' = 'Complete'): Notification {
  return contracts.notification.parse({
    JobId: jobId,
    BatchJobId: `batch-${jobId}`,
    Status: status,
    ProgressPercent: status === 'Complete' ? '100' : '50',
    FailedBatchFiles: '0',
    EventId: `${jobId}:finished`,
    EventType: 'Finished',
    EventTime: '2026-11-26T23:10:00.000Z',
    TotalObjects: 100,
    RestoredObjects: status === 'Complete' ? 100 : 50,
    AvailableObjects: 0,
    FailedObjects: 0,
    PendingObjects: status === 'Complete' ? 0 : 50,
  });
}

export function jobCreated(jobId: string, overrides: Partial<JobCreated> = {}): JobCreated {
  return contracts.jobCreated.parse({
    schemaVersion: 1,
    jobId,
    batchJobId: `batch-${jobId}`,
    createdAt: '2026-11-26T17:00:00.000Z',
    manifest: { bucket: 'my-manifests', key: 'restores/2026-11-26.csv', etag: '9b2cf535f27731c974343645a3985328', size: 48213 },
    tier: 'BULK',
    expirationDays: 7,
    clientTag: 'legal-hold-2026',
    progressStepPercent: 10,
    ...overrides,
  });
}

/**
 * `JobProgressed` for a job of `total` objects of which `settled` are settled (`failed` of them
 * failed), at `progressPercent` = floor(100 × settled / total), capped at 99.
 */
export function jobProgressed(jobId: string, settled: number, options: { total?: number; failed?: number; at?: string } = {}): JobProgressed {
  const total = options.total ?? 100;
  const failed = options.failed ?? 0;
  return contracts.jobProgressed.parse({
    schemaVersion: 1,
    jobId,
    batchJobId: `batch-${jobId}`,
    status: 'Restoring',
    totalObjects: total,
    counts: countsFor(total, settled, failed),
    progressPercent: Math.min(Math.floor((100 * settled) / total), 99),
    at: options.at ?? new Date(Date.parse('2026-11-26T18:00:00.000Z') + settled * 1000).toISOString(),
  });
}

export function jobFinished(jobId: string, options: { status?: JobFinished['status']; total?: number; settled?: number; failed?: number; reason?: string } = {}): JobFinished {
  const total = options.total ?? 100;
  const status = options.status ?? 'Complete';
  const settled = options.settled ?? total;
  const failed = options.failed ?? 0;
  return contracts.jobFinished.parse({
    schemaVersion: 1,
    jobId,
    batchJobId: `batch-${jobId}`,
    status,
    totalObjects: total,
    counts: countsFor(total, settled, failed),
    progressPercent: status === 'Complete' ? 100 : Math.min(Math.floor((100 * settled) / Math.max(total, 1)), 99),
    ...(options.reason ? { reason: options.reason } : {}),
    at: '2026-11-26T23:10:00.000Z',
  });
}

function countsFor(total: number, settled: number, failed: number): ObjectCounts {
  return { ...emptyCounts(), restoring: total - settled, restored: settled - failed, failed };
}

/** The EventBridge envelope a Lambda target receives. */
export function envelope(detailType: string, detail: object, source = 's3-bulk-restore.restore-tracker'): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-11-26T18:04:05Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
