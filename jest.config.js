import { existsSync, readdirSync } from 'node:fs';

/** Every workspace that has a jest.config.js is a jest project; `npm test` runs them all. */
const candidates = ['shared', 'local', 'tools', ...readdirSync('services').map((s) => `services/${s}`)];

export default {
  projects: candidates.filter((dir) => existsSync(`${dir}/jest.config.js`)).map((dir) => `<rootDir>/${dir}`),
  testTimeout: 60_000,
  // Two test files at a time even on two cores: most of a suite's time is spent waiting on
  // moto_server, the sandbox or a child process, not on the CPU (jest's default is cores - 1).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
};
