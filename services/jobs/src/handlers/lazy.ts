import type { Context } from 'aws-lambda';
import { compose } from '../compose.js';
import type { JobsApp } from '../app/app.js';
import { readConfig } from '../config.js';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * A Lambda entry point that builds its handler on the first invocation, so nothing reads the
 * environment or opens a client at import time (and a bad configuration fails the invocation
 * with a `ConfigError`, not the module load).
 */
export function lazyHandler<E, R>(build: (app: JobsApp) => Handler<E, R>): Handler<E, R> {
  let built: Handler<E, R> | undefined;
  return (event, context) => {
    built ??= build(compose(readConfig(process.env)));
    return built(event, context);
  };
}

/** One JSON line per handled event (CloudWatch Logs Insights reads the fields). */
export type LogLine = (entry: Record<string, unknown>) => void;

export const logJson: LogLine = (entry) => console.log(JSON.stringify(entry));
