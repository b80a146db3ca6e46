/**
 * Handlers compose their dependencies on the first invocation, never at import time, so
 * importing a handler module reads no environment and opens no client (tests import them freely).
 */
import type { TrackerApp } from '../app/app.js';
import { compose } from '../compose.js';
import { readConfig } from '../config.js';

let app: TrackerApp | undefined;

/** The app built from `process.env`, once per process. */
export function defaultApp(): TrackerApp {
  app ??= compose(readConfig(process.env));
  return app;
}

/** A Lambda entry point that builds its handler from `factory(app)` on the first call. */
export function lazyHandler<E, R>(factory: (app: TrackerApp) => (event: E, context: never) => Promise<R>): (event: E, context: unknown) => Promise<R> {
  let built: ((event: E, context: never) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= factory(defaultApp());
    return built(event, context as never);
  };
}
