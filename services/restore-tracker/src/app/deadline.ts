/**
 * A job's deadline: the moment the poller stops waiting and ends the job `Timeout`, the counts as
 * they are. Computed once, when tracking starts (`JobCreated`), and stored with the job.
 *
 *   deadline = createdAt + BATCH_RUN_HOURS + restore window of the tier + margin
 *
 * The restore window is the longest AWS documents for the tier over the archive classes a
 * manifest may hold (aws-facts §4.1; `typicalRestoreWindowHours` in shared, which the jobs
 * service's completion estimate uses too). A manifest names keys, not storage classes, and reading
 * each object's class up front would cost a HeadObject per line, so the tracker assumes the worst
 * the tier allows: a BULK job may hold Deep Archive objects (within 48 h), a STANDARD one too
 * (within 12 h). docs/architecture.md ("Timeout") has the table and the reasons.
 */
import { typicalRestoreWindowHours } from '@s3-bulk-restore/shared';
import type { BatchRestoreTier } from '@s3-bulk-restore/shared';

/**
 * Time for everything before an object's restore clock starts: registration, confirmation and
 * the Batch job initiating every restore. S3 takes at most 1,000 restore requests a second per
 * account (aws-facts §4.2): 10,000,000 objects take 2.8 h at that rate; 24 h still covers them
 * at about 115 a second, with other work sharing the account's rate. Our assumption, not AWS's.
 */
export const BATCH_RUN_HOURS = 24;

const HOUR_MS = 3_600_000;

/**
 * When a job created at `createdAt` with `tier` times out.
 *
 * @example
 * jobDeadline('2030-01-01T00:00:00.000Z', 'BULK', 12); // '2030-01-04T12:00:00.000Z' (48 + 24 + 12 = 84 h)
 */
export function jobDeadline(createdAt: string, tier: BatchRestoreTier, marginHours: number): string {
  const hours = BATCH_RUN_HOURS + typicalRestoreWindowHours(tier) + marginHours;
  return new Date(Date.parse(createdAt) + hours * HOUR_MS).toISOString();
}
