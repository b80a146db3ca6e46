/**
 * Shared jest settings for every workspace: ESM mode with @swc/jest, because middy and
 * other packages we use are ESM-only (reference: stack-serverless.md §3). Run jest with
 * NODE_OPTIONS=--experimental-vm-modules (the npm scripts do).
 *
 * @param {string} name the workspace's display name
 * @returns {import('jest').Config}
 */
export function base(name) {
  return {
    displayName: name,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
      ],
    },
    testMatch: ['<rootDir>/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/.serverless/'],
  };
}
