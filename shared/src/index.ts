/** What more than one service needs. */
export * from './domain/completion-estimate.js';
export * from './domain/errors.js';
export * from './domain/job-state.js';
export * from './domain/object-state.js';
export * from './domain/progress.js';
export * from './domain/thresholds.js';
export * from './contracts/index.js';
export * from './aws/clients.js';
export * from './http/api.js';
export * from './http/errors.js';
export * from './aws/bus.js';
export * from './keys/index.js';
export * from './manifest/index.js';
