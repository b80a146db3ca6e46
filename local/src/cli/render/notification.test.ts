import { describe, expect, it } from '@jest/globals';
import { contracts } from '@s3-bulk-restore/shared';
import type { JobView } from '@s3-bulk-restore/shared';
import { notificationOf } from './notification.js';

function view(overrides: Partial<JobView> = {}): JobView {
  return {
    JobId: 'job-1',
    BatchJobId: 'batch-1',
    Status: 'Restoring',
    ProgressPercent: 40,
    FailedBatchFiles: 1,
    TotalObjects: 10,
    Counts: { registered: 2, requested: 2, restoring: 2, restored: 3, available: 0, failed: 1 },
    Tier: 'BULK',
    Manifest: { Bucket: 'manifests', Key: 'a.csv', ETag: 'e' },
    CreatedAt: '2030-01-01T10:30:00.000Z',
    UpdatedAt: '2030-01-01T10:31:00.000Z',
    ...overrides,
  };
}

describe('notificationOf', () => {
  it('shapes a restoring job as a Progress notification, valid against the published schema', () => {
    const notification = notificationOf(view({ ClientTag: 'legal' }));
    expect(contracts.notification.is(notification)).toBe(true);
    expect(notification).toEqual({
      JobId: 'job-1',
      BatchJobId: 'batch-1',
      Status: 'Restoring',
      ProgressPercent: '40',
      FailedBatchFiles: '1',
      EventId: 'watch:job-1:40',
      EventType: 'Progress',
      EventTime: '2030-01-01T10:31:00.000Z',
      ClientTag: 'legal',
      TotalObjects: 10,
      RestoredObjects: 3,
      AvailableObjects: 0,
      FailedObjects: 1,
      PendingObjects: 6,
    });
  });

  it('shapes an ended job as its Finished notification, at the time it finished', () => {
    const notification = notificationOf(view({ Status: 'Timeout', FinishedAt: '2030-01-02T00:00:00.000Z' }));
    expect(notification).toMatchObject({ EventType: 'Finished', Status: 'Timeout', EventId: 'watch:job-1:Timeout', EventTime: '2030-01-02T00:00:00.000Z' });
    expect(notification).not.toHaveProperty('ClientTag');
  });

  it('has nothing for a job still Preparing (the schema starts at Restoring)', () => {
    expect(notificationOf(view({ Status: 'Preparing', TotalObjects: null, ProgressPercent: 0 }))).toBeUndefined();
  });
});
