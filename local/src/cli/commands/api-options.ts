/** The flags every API command shares (where the API is, its key, the output format), read once here. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { ApiClient } from '../api-client.js';
import { badInput } from '../errors.js';
import { httpUrl } from '../options.js';
import { OUTPUT_CHOICES } from '../render/output-mode.js';
import type { OutputChoice, Streams } from '../render/output-mode.js';

export const API_URL_ENV = 'S3_BULK_RESTORE_API_URL';
export const API_KEY_ENV = 'S3_BULK_RESTORE_API_KEY';

export interface ApiFlags {
  apiUrl?: string;
  apiKey?: string;
  output: OutputChoice;
}

/** Add `--api-url`, `--api-key` and `--output` (the first two also from the environment). */
export function withApiOptions(command: Command): Command {
  return command
    .addOption(new Option('--api-url <url>', 'the jobs API: a deployed stage (https://…/dev) or the local runner').env(API_URL_ENV).argParser(httpUrl))
    .addOption(new Option('--api-key <key>', 'API key, sent as x-api-key').env(API_KEY_ENV))
    .addOption(new Option('--output <format>', 'auto: for people on a terminal, NDJSON otherwise').choices(OUTPUT_CHOICES).default('auto'));
}

/** @throws CliError (exit 2) when no API URL was given */
export function apiClientOf(flags: ApiFlags): ApiClient {
  if (!flags.apiUrl) throw badInput(`no API to talk to: pass --api-url URL or set ${API_URL_ENV}`);
  return new ApiClient({ baseUrl: flags.apiUrl, apiKey: flags.apiKey });
}

export function processStreams(): Streams {
  return { stdout: process.stdout, stderr: process.stderr };
}
