/**
 * Batch Operations lifecycle events as EventBridge sees them: CloudTrail service events
 * `JobCreated` and `JobStatusChanged` on the default bus, `source: aws.s3`,
 * `detail-type: AWS Service Event via CloudTrail` (aws-facts §6.7).
 *
 * The record is modelled on AWS's published example (UG batch-ops-examples-event-bridge-cloud-trail,
 * a 2020 `JobStatusChanged` record). Unverified: `eventVersion` (the example says 1.05; current
 * CloudTrail writes 1.08), `managementEvent`/`eventCategory` (present on current CloudTrail
 * records, absent from the example), the empty `resources` of the envelope, and what
 * `failureCodes`/`statusChangeReason` hold (the example has empty lists; the sandbox puts the
 * job's failure codes on Failing/Failed, and as reasons the caller's on a requested status change,
 * else on Failing/Failed the failure reasons' texts, in the order of the codes).
 *
 * One `JobStatusChanged` per status the job enters (JobRunner.transition), so a consumer sees
 * New → Preparing → Suspended/Ready → Active → Completing/Failing/Cancelling → the final status.
 */
import { hexFrom, uuidFrom } from './ids.js';
import type { BatchJob, JobStatus } from './model.js';
import { jobArn } from './model.js';

export type BatchJobEventName = 'JobCreated' | 'JobStatusChanged';

/** The CloudTrail record carried as the event's `detail`. */
export interface BatchJobCloudTrailRecord {
  eventVersion: '1.08';
  userIdentity: { accountId: string; invokedBy: 's3.amazonaws.com' };
  /** ISO-8601, second precision (`2020-02-05T18:25:30Z`). */
  eventTime: string;
  eventSource: 's3.amazonaws.com';
  eventName: BatchJobEventName;
  awsRegion: string;
  sourceIPAddress: 's3.amazonaws.com';
  userAgent: 's3.amazonaws.com';
  requestParameters: null;
  responseElements: null;
  eventID: string;
  readOnly: false;
  eventType: 'AwsServiceEvent';
  managementEvent: true;
  recipientAccountId: string;
  serviceEventDetails: {
    jobId: string;
    jobArn: string;
    status: JobStatus;
    /** 32 hex digits in AWS's example. */
    jobEventId: string;
    failureCodes: string[];
    statusChangeReason: string[];
  };
  eventCategory: 'Management';
}

/** The complete EventBridge event to put on the default bus. */
export interface BatchJobEvent {
  source: 'aws.s3';
  detailType: 'AWS Service Event via CloudTrail';
  /** Virtual epoch ms. */
  time: number;
  account: string;
  region: string;
  resources: string[];
  detail: BatchJobCloudTrailRecord;
}

/** Where the engine hands lifecycle events (implemented by the sandbox's EventDelivery). */
export interface BatchJobEventSink {
  emitJobEvent(event: BatchJobEvent): void;
}

/**
 * The event for the job's current status at `time`. Ids are drawn from the seed, the job id
 * and the job's event counter, so they are stable across runs.
 */
export function jobEvent(job: BatchJob, name: BatchJobEventName, time: number, seed: number, reason?: string): BatchJobEvent {
  const sequence = job.eventCount;
  const failing = job.status === 'Failed' || job.status === 'Failing';
  return {
    source: 'aws.s3',
    detailType: 'AWS Service Event via CloudTrail',
    time,
    account: job.accountId,
    region: job.region,
    resources: [],
    detail: {
      eventVersion: '1.08',
      userIdentity: { accountId: job.accountId, invokedBy: 's3.amazonaws.com' },
      eventTime: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      eventSource: 's3.amazonaws.com',
      eventName: name,
      awsRegion: job.region,
      sourceIPAddress: 's3.amazonaws.com',
      userAgent: 's3.amazonaws.com',
      requestParameters: null,
      responseElements: null,
      eventID: uuidFrom(seed, 'cloudtrail', job.jobId, sequence),
      readOnly: false,
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: job.accountId,
      serviceEventDetails: {
        jobId: job.jobId,
        jobArn: jobArn(job),
        status: job.status,
        jobEventId: hexFrom(seed, 32, 'job-event', job.jobId, sequence),
        failureCodes: failing ? job.failureReasons.map((f) => f.failureCode) : [],
        statusChangeReason: reason ? [reason] : failing ? job.failureReasons.map((f) => f.failureReason) : [],
      },
      eventCategory: 'Management',
    },
  };
}
