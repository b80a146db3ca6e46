/** Reads the services' serverless.yml into what the local runner and the e2e harness wire from. */
export { readAllServices, readServiceConfig } from './read-service-config.js';
export { WiringError } from './errors.js';
export type * from './types.js';
