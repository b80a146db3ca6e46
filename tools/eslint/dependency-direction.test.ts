/** The dependency-direction lint rule, exercised through ESLint itself. */
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { dependencyDirection } from './dependency-direction.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function lint(file: string, code: string): string[] {
  const linter = new Linter({ cwd: root });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as Linter.Parser },
        plugins: { project: { rules: { 'dependency-direction': dependencyDirection } } },
        rules: { 'project/dependency-direction': 'error' },
      },
    ],
    path.join(root, file),
  );
  return messages.map((m) => m.message);
}

describe('dependency direction', () => {
  it('lets a service import shared and itself', () => {
    expect(lint('services/jobs/src/app/x.ts', "import { a } from '@s3-bulk-restore/shared';\nimport { b } from '../adapters/y.js';")).toEqual([]);
  });

  it('stops a service from importing local/ or another service', () => {
    expect(lint('services/jobs/src/x.ts', "import { a } from '../../../local/src/sandbox/index.js';")).toHaveLength(1);
    expect(lint('services/jobs/src/x.ts', "import { a } from '@s3-bulk-restore/local/sandbox';")).toHaveLength(1);
    expect(lint('services/jobs/src/x.ts', "import { a } from '@s3-bulk-restore/notifier';")).toHaveLength(1);
  });

  it('stops shared from importing a service', () => {
    expect(lint('shared/src/x.ts', "import { a } from '../../services/jobs/src/y.js';")[0]).toMatch(/shared must not import from service 'jobs'/);
  });

  it('stops the sandbox from importing the product, but not npm packages', () => {
    expect(lint('local/src/sandbox/x.ts', "import { a } from '../cli/main.js';")).toHaveLength(1);
    expect(lint('local/src/sandbox/x.ts', "import { a } from '@s3-bulk-restore/shared';")).toHaveLength(1);
    expect(lint('local/src/sandbox/ops/x.ts', "import { a } from '../clock.js';\nimport { S3Client } from '@aws-sdk/client-s3';")).toEqual([]);
  });

  it('lets tests, and only tests, use tools/testing', () => {
    expect(lint('services/jobs/test/aws/store.test.ts', "import { startMoto } from '../../../../tools/testing/moto.js';")).toEqual([]);
    expect(lint('services/jobs/src/adapters/x.ts', "import { startMoto } from '../../../../tools/testing/moto.js';")).toHaveLength(1);
  });

  it('lets the CLI import the sandbox', () => {
    expect(lint('local/src/cli/x.ts', "import { a } from '../sandbox/index.js';")).toEqual([]);
  });
});
