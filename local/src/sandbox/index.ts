/** The sandbox's public surface: start one, and the client helpers that point SDKs at it. */
export { startSandbox } from './server.js';
export type { Sandbox, SandboxOptions } from './server.js';
export type { FaultSettings } from './context.js';
export type { EventDestinations } from './events/delivery.js';
export type { RestoreEvent } from './events/types.js';
