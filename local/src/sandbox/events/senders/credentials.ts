/**
 * Fixed dummy credentials for the destinations the sandbox sends to (moto_server or another
 * local emulator accepts any). The sandbox never reads the user's AWS credentials.
 */
export const DESTINATION_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' } as const;

/** SDK-level attempts per call; the outbox adds its own bounded retries with backoff on top. */
export const SDK_MAX_ATTEMPTS = 2;

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
