/**
 * Hosting a function in the runner: the module serverless.yml names is loaded, and its handler
 * factory — the one `create…Handler` export every handler module has beside its Lambda `handler`
 * — is called with the service's embedded app. So the runner runs the very handler code that
 * deploys (middy stack, validation, error mapping), only over other adapters.
 */
import { randomUUID } from 'node:crypto';
import { WiringError } from '../wiring/index.js';
import type { ComposedService, FunctionWiring } from '../wiring/index.js';

export type LambdaHandler = (event: unknown, context: Record<string, unknown>) => Promise<unknown>;
/** A handler factory: the service's app, then a log for the handlers that take one. */
type HandlerFactory = (app: unknown, log?: (entry: Record<string, unknown>) => void) => LambdaHandler;

export interface HostedFunction {
  /** `<service key>/<function name>`. */
  name: string;
  wiring: FunctionWiring;
  invoke(event: unknown): Promise<unknown>;
}

/** The factory export of a handler module: exactly one export named `create…Handler`. */
export function factoryOf(module: Record<string, unknown>, service: ComposedService, fn: FunctionWiring): HandlerFactory {
  const names = Object.keys(module).filter((name) => /^create\w*Handler$/.test(name) && typeof module[name] === 'function');
  if (names.length !== 1) {
    const found = names.length === 0 ? 'none' : names.join(', ');
    throw new WiringError(`${fn.handler.declared} must export exactly one create…Handler(app) factory beside ${fn.handler.exportName} (found ${found})`, {
      file: `${service.dir}/serverless.yml`,
      at: `functions.${fn.name}.handler`,
    });
  }
  return module[names[0]!] as HandlerFactory;
}

export async function hostFunction(service: ComposedService, fn: FunctionWiring, app: unknown, log: (entry: Record<string, unknown>) => void): Promise<HostedFunction> {
  const module = (await import(fn.handler.file)) as Record<string, unknown>;
  const handler = factoryOf(module, service, fn)(app, log);
  const name = `${service.key}/${fn.name}`;
  return {
    name,
    wiring: fn,
    invoke: (event) => handler(event, lambdaContext(fn)),
  };
}

/** The context fields handlers may read. */
export function lambdaContext(fn: FunctionWiring): Record<string, unknown> {
  const deadline = Date.now() + fn.timeoutSeconds * 1000;
  return {
    awsRequestId: randomUUID(),
    functionName: fn.name,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(fn.memoryMb),
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}
