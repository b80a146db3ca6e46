import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { dependencyDirection } from './tools/eslint/dependency-direction.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.serverless/**', 'coverage/**', '.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { project: { rules: { 'dependency-direction': dependencyDirection } } },
    rules: {
      'project/dependency-direction': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
