import { DomainError } from '@s3-bulk-restore/shared';

/** The DomainError a call rejects with (anything else, or success, fails the test). */
export async function errorOf(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, the call succeeded');
}
