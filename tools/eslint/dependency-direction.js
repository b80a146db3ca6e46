/**
 * ESLint rule: dependencies point the way DESIGN.md says.
 *
 * - `shared/` imports no service and nothing from `local/`;
 * - a service (`services/<name>/`) imports `shared` and itself, never another service or `local/`;
 * - the sandbox (`local/src/sandbox/`) imports nothing from the product: only itself and npm packages;
 * - `tools/testing/` (test support: moto_server, tables from the deployment config) is for tests only.
 *
 * Both forms of an import are resolved before they are judged: relative paths and the
 * workspace package names (`@s3-bulk-restore/<workspace>`).
 */
import path from 'node:path';

const WORKSPACE_SCOPE = '@s3-bulk-restore/';
const WORKSPACE_DIRS = {
  shared: 'shared',
  local: 'local',
  jobs: 'services/jobs',
  'restore-tracker': 'services/restore-tracker',
  notifier: 'services/notifier',
};

/** The area a repository-relative path belongs to. */
export function areaOf(relativePath) {
  const p = relativePath.split(path.sep).join('/');
  // Tool configuration (jest.config.js beside a workspace) is not part of the layering.
  if (/(^|\/)jest\.config\.js$/.test(p)) return { kind: 'other' };
  if (p.startsWith('local/src/sandbox/')) return { kind: 'sandbox' };
  if (p.startsWith('local/')) return { kind: 'local' };
  if (p.startsWith('shared/')) return { kind: 'shared' };
  if (p.startsWith('tools/testing/')) return { kind: 'testing' };
  const service = /^services\/([^/]+)\//.exec(p);
  if (service) return { kind: 'service', name: service[1] };
  return { kind: 'other' };
}

/** Test files (`*.test.ts`, `test/` folders, contract suites) may also use tools/testing. */
export function isTestFile(relativePath) {
  const p = relativePath.split(path.sep).join('/');
  return /\.(test|contract)\.ts$/.test(p) || /(^|\/)test\//.test(p);
}

/** Which areas a file in `from` may import. */
export function allowed(from, to, fromTest = false) {
  if (to.kind === 'external') return true;
  if (to.kind === 'testing') return fromTest || from.kind === 'other' || from.kind === 'testing';
  switch (from.kind) {
    case 'sandbox':
      return to.kind === 'sandbox';
    case 'shared':
      return to.kind === 'shared';
    case 'service':
      return to.kind === 'shared' || (to.kind === 'service' && to.name === from.name);
    default:
      return true;
  }
}

function resolveTarget(root, fileDir, specifier) {
  if (specifier.startsWith('.')) {
    return areaOf(path.relative(root, path.resolve(fileDir, specifier)) + '/');
  }
  if (specifier.startsWith(WORKSPACE_SCOPE)) {
    const [workspace, ...rest] = specifier.slice(WORKSPACE_SCOPE.length).split('/');
    const dir = WORKSPACE_DIRS[workspace];
    if (!dir) return { kind: 'external' };
    // `@s3-bulk-restore/local/sandbox` is the sandbox; any other `local` entry is the runner/CLI.
    if (workspace === 'local') return rest[0] === 'sandbox' ? { kind: 'sandbox' } : { kind: 'local' };
    return areaOf(`${dir}/`);
  }
  return { kind: 'external' };
}

function describeArea(area) {
  return area.kind === 'service' ? `service '${area.name}'` : area.kind;
}

/** @type {import('eslint').Rule.RuleModule} */
export const dependencyDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the dependency direction between shared, services, local and the sandbox' },
    schema: [],
    messages: { forbidden: "{{from}} must not import from {{to}} ('{{specifier}}'): see DESIGN.md, Layout" },
  },
  create(context) {
    const root = context.cwd;
    const filename = context.filename;
    const from = areaOf(path.relative(root, filename));
    const fromTest = isTestFile(path.relative(root, filename));
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const to = resolveTarget(root, path.dirname(filename), source.value);
      if (!allowed(from, to, fromTest)) {
        context.report({
          node,
          messageId: 'forbidden',
          data: { from: describeArea(from), to: describeArea(to), specifier: source.value },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};
