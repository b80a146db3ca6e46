/**
 * The tracker's configuration, read once from the environment by the composition root and
 * validated (serverless.yml sets these). Nothing reads `process.env` anywhere else.
 */
import { DomainError, awsSettingsFromEnv } from '@s3-bulk-restore/shared';
import type { AwsClientSettings } from '@s3-bulk-restore/shared';

export interface TrackerConfig {
  tables: { objects: string; eventLog: string; progress: string };
  eventBusName: string;
  /** The account owning the Batch Operations jobs (S3 Control calls name it). */
  accountId: string;
  /** Counter shards per job: more spreads bursts of one job over more items (1–256; docs/architecture.md, "Counter shards under a burst"). */
  counterShards: number;
  /** The sweep leaves jobs younger than this to their events (SWEEP_AFTER_MINUTES). */
  sweepAfterMs: number;
  /** Manifests bigger than this many bytes are registered in ranges of this size (REGISTRATION_RANGE_KIB, 64 KiB–1 GiB). */
  registrationRangeBytes: number;
  /** Hours added to each job's deadline after the tier's restore window (TIMEOUT_MARGIN_HOURS, 0–720). */
  timeoutMarginHours: number;
  aws: AwsClientSettings;
}

type Env = Record<string, string | undefined>;

/** @throws DomainError `ConfigError` naming the variable that is missing or wrong */
export function readConfig(env: Env): TrackerConfig {
  return {
    tables: { objects: required(env, 'OBJECTS_TABLE'), eventLog: required(env, 'EVENT_LOG_TABLE'), progress: required(env, 'PROGRESS_TABLE') },
    eventBusName: required(env, 'EVENT_BUS_NAME'),
    accountId: required(env, 'ACCOUNT_ID'),
    counterShards: integer(env, 'COUNTER_SHARDS', 1, 256),
    sweepAfterMs: integer(env, 'SWEEP_AFTER_MINUTES', 0, 7 * 24 * 60) * 60_000,
    timeoutMarginHours: integer(env, 'TIMEOUT_MARGIN_HOURS', 0, 30 * 24),
    registrationRangeBytes: integer(env, 'REGISTRATION_RANGE_KIB', 64, 1024 * 1024) * 1024,
    aws: awsSettingsFromEnv(env),
  };
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new DomainError('ConfigError', `The environment variable ${name} is not set`, { variable: name });
  return value;
}

function integer(env: Env, name: string, min: number, max: number): number {
  const text = required(env, name);
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError('ConfigError', `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`, { variable: name, value: text });
  }
  return value;
}
