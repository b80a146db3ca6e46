/**
 * AWS SDK v3 clients pointed at the sandbox.
 *
 * S3 needs only `endpoint` + `forcePathStyle`. S3 Control is harder: the SDK's endpoint rules put
 * the account id in front of the host (`123456789012.127.0.0.1` is not even a valid URL, and
 * `*.localhost` does not resolve here), whatever `disableHostPrefix` says (reference/stack.md §8).
 * The helper gives the client an endpoint provider that returns the sandbox's URL as is; the
 * account still travels in `x-amz-account-id`, which is how the sandbox routes it.
 *
 * @example
 * const s3 = sandboxS3Client(sandbox.endpoint);
 * const control = sandboxS3ControlClient(sandbox.endpoint);
 * await control.send(new DescribeJobCommand({ AccountId: '123456789012', JobId }));
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { S3ControlClientConfig } from '@aws-sdk/client-s3-control';

/** Credentials the sandbox accepts (any are accepted; SigV4 is not verified). */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox-secret' } as const;
export const SANDBOX_REGION = 'us-east-1';

export function sandboxS3Client(endpoint: string, config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    region: SANDBOX_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: SANDBOX_CREDENTIALS,
    ...config,
  });
}

export function sandboxS3ControlClient(endpoint: string, config: Partial<S3ControlClientConfig> = {}): S3ControlClient {
  const url = new URL(endpoint);
  return new S3ControlClient({
    region: SANDBOX_REGION,
    credentials: SANDBOX_CREDENTIALS,
    endpointProvider: () => ({ url }),
    ...config,
  });
}
