/**
 * A structural check of an OpenAPI 3.1 document, written from the specification's object
 * definitions (OpenAPI Specification 3.1.0, §4.8), for the objects this API uses: the fixed fields
 * of each object and the ones it requires, status-code keys, media-type keys, path templating
 * (every `{name}` declared once as a required path parameter, and nothing else), unique
 * operationIds, security requirements naming declared schemes, every `$ref` resolving in the
 * document, every Schema Object compiling as JSON Schema 2020-12 (the 3.1 dialect) and every
 * media-type example valid against its schema. Returns what is wrong; an empty list means valid.
 */
import { compileSchema, issuesOf } from '@s3-bulk-restore/shared';

type Node = Record<string, unknown>;

const ROOT_FIELDS = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PATH_ITEM_FIELDS = ['$ref', 'summary', 'description', 'servers', 'parameters', ...METHODS];
const OPERATION_FIELDS = ['tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks', 'deprecated', 'security', 'servers'];
const PARAMETER_FIELDS = ['name', 'in', 'description', 'required', 'deprecated', 'allowEmptyValue', 'style', 'explode', 'allowReserved', 'schema', 'example', 'examples', 'content'];
const RESPONSE_FIELDS = ['description', 'headers', 'content', 'links'];
const MEDIA_TYPE_FIELDS = ['schema', 'example', 'examples', 'encoding'];
const HEADER_FIELDS = PARAMETER_FIELDS.filter((f) => f !== 'name' && f !== 'in');
const STATUS_KEY = /^([1-5](\d\d|XX)|default)$/;
const MEDIA_TYPE_KEY = /^[\w.+-]+\/[\w.+-]+$/;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

export function structuralProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const report = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!isNode(doc)) return ['(root): must be an object'];

  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#/')) return undefined;
    return ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (isNode(node) ? node[part] : undefined), doc);
  };
  /** The object a Reference Object points to (or the object itself). */
  const deref = (value: unknown, where: string): unknown => {
    if (isNode(value) && typeof value['$ref'] === 'string') {
      const target = resolve(value['$ref']);
      if (target === undefined) report(where, `$ref ${value['$ref']} does not resolve`);
      return target;
    }
    return value;
  };
  /** A schema with every reference replaced by its target (the document's schemas have no cycles). */
  const inline = (schema: unknown, depth = 0): unknown => {
    if (depth > 50) throw new Error('reference cycle');
    if (Array.isArray(schema)) return schema.map((s) => inline(s, depth + 1));
    if (!isNode(schema)) return schema;
    if (typeof schema['$ref'] === 'string') return inline(resolve(schema['$ref']) ?? {}, depth + 1);
    return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(v, depth + 1)]));
  };
  const onlyFields = (node: Node, allowed: string[], where: string) => {
    for (const key of Object.keys(node)) if (!allowed.includes(key) && !key.startsWith('x-')) report(where, `unknown field ${key}`);
  };
  const requireString = (node: Node, field: string, where: string) => {
    if (typeof node[field] !== 'string' || node[field] === '') report(where, `${field} must be a non-empty string`);
  };
  const checkSchema = (schema: unknown, where: string, example?: unknown) => {
    if (!isNode(schema) && typeof schema !== 'boolean') return report(where, 'schema must be an object or a boolean');
    try {
      const validate = compileSchema(inline(schema) as object);
      if (example !== undefined && !validate(example)) report(`${where}.example`, issuesOf(validate.errors).map((i) => `${i.field} ${i.reason}`).join('; '));
    } catch (error) {
      report(where, `not a valid JSON Schema 2020-12: ${(error as Error).message}`);
    }
  };
  const checkContent = (content: unknown, where: string) => {
    if (!isNode(content)) return report(where, 'content must be an object');
    for (const [type, media] of Object.entries(content)) {
      if (!MEDIA_TYPE_KEY.test(type)) report(where, `${type} is not a media type`);
      if (!isNode(media)) continue;
      onlyFields(media, MEDIA_TYPE_FIELDS, `${where}.${type}`);
      if (media['schema'] !== undefined) checkSchema(media['schema'], `${where}.${type}.schema`, media['example']);
    }
  };
  const checkParameter = (raw: unknown, where: string): Node | undefined => {
    const p = deref(raw, where);
    if (!isNode(p)) return void report(where, 'parameter must be an object');
    onlyFields(p, PARAMETER_FIELDS, where);
    requireString(p, 'name', where);
    if (!['query', 'header', 'path', 'cookie'].includes(String(p['in']))) report(where, `in must be query, header, path or cookie, not ${String(p['in'])}`);
    if (p['in'] === 'path' && p['required'] !== true) report(where, 'a path parameter must have required: true');
    if ((p['schema'] === undefined) === (p['content'] === undefined)) report(where, 'exactly one of schema and content');
    if (p['schema'] !== undefined) checkSchema(p['schema'], `${where}.schema`);
    return p;
  };
  const checkResponse = (raw: unknown, where: string) => {
    const r = deref(raw, where);
    if (!isNode(r)) return report(where, 'response must be an object');
    onlyFields(r, RESPONSE_FIELDS, where);
    requireString(r, 'description', where);
    if (r['content'] !== undefined) checkContent(r['content'], `${where}.content`);
    for (const [name, header] of Object.entries(isNode(r['headers']) ? r['headers'] : {})) {
      if (!isNode(header)) continue;
      onlyFields(header, HEADER_FIELDS, `${where}.headers.${name}`);
      if (header['schema'] !== undefined) checkSchema(header['schema'], `${where}.headers.${name}.schema`);
    }
  };
  const checkSecurity = (requirements: unknown, where: string) => {
    const schemes = isNode(doc['components']) && isNode(doc['components']['securitySchemes']) ? doc['components']['securitySchemes'] : {};
    if (!Array.isArray(requirements)) return report(where, 'security must be a list');
    for (const requirement of requirements) {
      for (const name of Object.keys(isNode(requirement) ? requirement : {})) if (!(name in schemes)) report(where, `security scheme ${name} is not declared`);
    }
  };

  onlyFields(doc, ROOT_FIELDS, '(root)');
  if (typeof doc['openapi'] !== 'string' || !/^3\.1\.\d+$/.test(doc['openapi'])) report('openapi', 'must be 3.1.x');
  const info = doc['info'];
  if (!isNode(info)) report('info', 'is required');
  else {
    requireString(info, 'title', 'info');
    requireString(info, 'version', 'info');
    const license = info['license'];
    if (isNode(license) && license['identifier'] !== undefined && license['url'] !== undefined) report('info.license', 'identifier and url are mutually exclusive');
  }
  if (doc['paths'] === undefined && doc['components'] === undefined && doc['webhooks'] === undefined) report('(root)', 'needs paths, components or webhooks');
  for (const [i, server] of (Array.isArray(doc['servers']) ? doc['servers'] : []).entries()) {
    if (!isNode(server)) continue;
    requireString(server, 'url', `servers[${i}]`);
    const variables = isNode(server['variables']) ? server['variables'] : {};
    for (const [, name] of String(server['url']).matchAll(/\{([^}]+)\}/g)) {
      const variable = variables[name!];
      if (!isNode(variable) || typeof variable['default'] !== 'string') report(`servers[${i}]`, `variable ${name} needs a default`);
    }
  }
  if (doc['security'] !== undefined) checkSecurity(doc['security'], 'security');

  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(isNode(doc['paths']) ? doc['paths'] : {})) {
    if (!path.startsWith('/')) report(`paths.${path}`, 'must start with /');
    if (!isNode(item)) continue;
    onlyFields(item, PATH_ITEM_FIELDS, `paths.${path}`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const shared = (Array.isArray(item['parameters']) ? item['parameters'] : []).map((p, i) => checkParameter(p, `paths.${path}.parameters[${i}]`));
    for (const method of METHODS.filter((m) => item[m] !== undefined)) {
      const where = `paths.${path}.${method}`;
      const op = item[method];
      if (!isNode(op)) continue;
      onlyFields(op, OPERATION_FIELDS, where);
      if (op['operationId'] !== undefined) {
        const id = String(op['operationId']);
        if (operationIds.has(id)) report(where, `operationId ${id} is not unique`);
        operationIds.add(id);
      }
      const own = (Array.isArray(op['parameters']) ? op['parameters'] : []).map((p, i) => checkParameter(p, `${where}.parameters[${i}]`));
      const parameters = [...shared, ...own].filter((p): p is Node => p !== undefined);
      const keys = parameters.map((p) => `${String(p['in'])}:${String(p['name'])}`);
      if (new Set(keys).size !== keys.length) report(where, 'a parameter is declared twice');
      const pathNames = parameters.filter((p) => p['in'] === 'path').map((p) => String(p['name']));
      if ([...pathNames].sort().join() !== [...templated].sort().join()) report(where, `path parameters ${pathNames.join(',')} do not match the template's ${templated.join(',')}`);
      if (op['requestBody'] !== undefined) {
        const body = deref(op['requestBody'], `${where}.requestBody`);
        if (!isNode(body) || body['content'] === undefined) report(`${where}.requestBody`, 'content is required');
        else checkContent(body['content'], `${where}.requestBody.content`);
      }
      const responses = op['responses'];
      if (!isNode(responses) || Object.keys(responses).length === 0) report(where, 'responses is required and not empty');
      else {
        for (const [status, response] of Object.entries(responses)) {
          if (!STATUS_KEY.test(status)) report(`${where}.responses`, `${status} is not a status code`);
          checkResponse(response, `${where}.responses.${status}`);
        }
        if (!Object.keys(responses).some((s) => s.startsWith('2'))) report(where, 'has no 2xx response');
      }
      if (op['security'] !== undefined) checkSecurity(op['security'], `${where}.security`);
    }
  }

  const components = isNode(doc['components']) ? doc['components'] : {};
  for (const [name, schema] of Object.entries(isNode(components['schemas']) ? components['schemas'] : {})) checkSchema(schema, `components.schemas.${name}`);
  for (const [name, response] of Object.entries(isNode(components['responses']) ? components['responses'] : {})) checkResponse(response, `components.responses.${name}`);
  for (const [name, scheme] of Object.entries(isNode(components['securitySchemes']) ? components['securitySchemes'] : {})) {
    const where = `components.securitySchemes.${name}`;
    if (!isNode(scheme) || !['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'].includes(String(scheme['type']))) report(where, 'type is required');
    else if (scheme['type'] === 'apiKey') {
      requireString(scheme, 'name', where);
      if (!['query', 'header', 'cookie'].includes(String(scheme['in']))) report(where, 'in must be query, header or cookie');
    }
  }
  // Every reference anywhere, including ones the walk above did not follow.
  const refs: Array<[string, string]> = [];
  const collect = (node: unknown, where: string) => {
    if (Array.isArray(node)) node.forEach((n, i) => collect(n, `${where}[${i}]`));
    else if (isNode(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') refs.push([where, v]);
        else collect(v, `${where}.${k}`);
      }
    }
  };
  collect(doc, '(root)');
  for (const [where, ref] of refs) if (resolve(ref) === undefined) report(where, `$ref ${ref} does not resolve`);
  return [...new Set(problems)];
}
