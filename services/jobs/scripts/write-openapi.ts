/**
 * `npm run openapi`: write docs/openapi.json from the contracts. services/jobs/test/openapi fails
 * while the file differs from what this writes, so run it after changing a schema or a route.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiJson } from '../src/openapi/document.js';

const target = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));
writeFileSync(target, openApiJson());
console.log(`wrote ${target}`);
