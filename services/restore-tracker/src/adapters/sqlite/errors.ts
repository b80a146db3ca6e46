/**
 * What SQLite's errors mean to the store. better-sqlite3 throws a `SqliteError` whose `code` is
 * the extended result code; constraint violations become outcomes (a primary key already taken is
 * "someone did it first", as a lost DynamoDB condition is) or domain errors. Nothing else is
 * swallowed.
 */
import { NotFoundError } from '@s3-bulk-restore/shared';

/**
 * The extended result code of a `SqliteError`. Checked by shape, not `instanceof Error`: the
 * native addon keeps the error class of the first realm that loaded it, so under jest's per-file
 * module registries (or any second vm context) its errors are not instances of the local `Error`.
 */
function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'SqliteError' && typeof code === 'string' ? code : undefined;
}

/** The row's key is taken: the conditional put lost. */
export function isKeyTaken(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** A row referred to a job that does not exist. */
export function isMissingJob(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** The domain error for an unknown job, as the DynamoDB adapter raises it. */
export function jobNotFound(jobId: string, cause?: unknown): NotFoundError {
  return new NotFoundError('JobNotFound', `No tracked job ${jobId}`, { jobId }, cause === undefined ? undefined : { cause });
}
