/** The local runner: the three services in one process over SQLite, the in-process bus and the sandbox. */
export { startRunner, REPO_ROOT } from './runner.js';
export type { Runner, RunnerOptions, SandboxSettings, AwsSettings, NotificationListener } from './runner.js';
