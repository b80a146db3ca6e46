/**
 * What SQLite's errors mean to the store. Which error is which (`isUniqueViolation`,
 * `isForeignKeyViolation`) is `@s3-bulk-restore/shared/sqlite`'s; a key already taken is "someone
 * did it first", as a lost DynamoDB condition is, and a missing job is the domain error below.
 */
import { NotFoundError } from '@s3-bulk-restore/shared';

/** The domain error for an unknown job, as the DynamoDB adapter raises it. */
export function jobNotFound(jobId: string, cause?: unknown): NotFoundError {
  return new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId }, cause === undefined ? undefined : { cause });
}
