#!/usr/bin/env node
// The CLI runs from TypeScript source through tsx's loader: no build step between a checkout and `npx s3-bulk-restore`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
