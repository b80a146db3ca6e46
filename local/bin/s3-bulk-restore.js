#!/usr/bin/env node
// The CLI runs from TypeScript source through tsx's loader: no build step between a checkout and `npx s3-bulk-restore`.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every start under Node 20 (supported by this project); one line of noise per command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
await import('../src/cli/main.ts');
