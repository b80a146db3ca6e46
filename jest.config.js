import { existsSync, readdirSync } from 'node:fs';

/** Every workspace that has a jest.config.js is a jest project; `npm test` runs them all. */
const candidates = ['shared', 'local', 'tools', ...readdirSync('services').map((s) => `services/${s}`)];

export default {
  projects: candidates.filter((dir) => existsSync(`${dir}/jest.config.js`)).map((dir) => `<rootDir>/${dir}`),
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
};
