/**
 * AWS SDK v3 client options from configuration. On AWS every endpoint is the default one; in
 * tests and the local runner each service may point elsewhere (moto_server, the sandbox). The
 * variables are the SDK's own names (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), read
 * once by each service's config module and passed in here.
 */
export interface AwsClientSettings {
  region?: string;
  /** Per service endpoint overrides: `s3`, `s3control`, `dynamodb`, `eventbridge`, `sns`, `sqs`. */
  endpoints?: Partial<Record<AwsService, string>>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export type AwsService = 's3' | 's3control' | 'dynamodb' | 'eventbridge' | 'sns' | 'sqs';

const ENV_NAMES: Record<AwsService, string> = {
  s3: 'AWS_ENDPOINT_URL_S3',
  s3control: 'AWS_ENDPOINT_URL_S3_CONTROL',
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  eventbridge: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  sns: 'AWS_ENDPOINT_URL_SNS',
  sqs: 'AWS_ENDPOINT_URL_SQS',
};

/** Read the endpoint overrides and region from an environment (e.g. `process.env`). */
export function awsSettingsFromEnv(env: Record<string, string | undefined>): AwsClientSettings {
  const endpoints: Partial<Record<AwsService, string>> = {};
  for (const [service, name] of Object.entries(ENV_NAMES) as Array<[AwsService, string]>) {
    const value = env[name] ?? env['AWS_ENDPOINT_URL'];
    if (value) endpoints[service] = value;
  }
  return { region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'], endpoints };
}

/**
 * Options for one client. S3 gets path-style addressing when its endpoint is overridden; S3
 * Control gets an endpoint provider that returns the override as is, because the SDK otherwise
 * puts the account id in front of the host (`123456789012.127.0.0.1` is not a valid URL).
 */
export function clientOptions(service: AwsService, settings: AwsClientSettings): Record<string, unknown> {
  const endpoint = settings.endpoints?.[service];
  const options: Record<string, unknown> = {};
  if (settings.region) options['region'] = settings.region;
  if (settings.credentials) options['credentials'] = settings.credentials;
  if (settings.maxAttempts) options['maxAttempts'] = settings.maxAttempts;
  if (!endpoint) return options;
  if (service === 's3control') {
    const url = new URL(endpoint);
    options['endpointProvider'] = () => ({ url });
  } else {
    options['endpoint'] = endpoint;
  }
  if (service === 's3') options['forcePathStyle'] = true;
  return options;
}
