import { transpileSchema } from '@middy/validator/transpile';
import { ValidationError } from '../domain/errors.js';

/** One schema violation: where (a JSON pointer into the value) and why. */
export interface SchemaIssue {
  field: string;
  reason: string;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

type CompiledValidator = ((value: unknown) => boolean) & { errors?: AjvError[] | null };

/**
 * Compile a JSON Schema once (ajv, draft 2020-12, through middy's `transpileSchema`, the same
 * engine the HTTP validator uses). Types are never coerced: `"5"` is not a number.
 */
export function compileSchema(schema: object, options: { useDefaults?: boolean } = {}): CompiledValidator {
  return transpileSchema(schema, { coerceTypes: false, useDefaults: options.useDefaults ?? false }) as unknown as CompiledValidator;
}

/** Turn ajv's errors into field + reason pairs a person can read. */
export function issuesOf(errors: readonly AjvError[] | null | undefined, root = ''): SchemaIssue[] {
  return (errors ?? []).map((e) => {
    let field = `${root}${e.instancePath}`;
    if (e.keyword === 'required') field = `${field}/${String(e.params['missingProperty'])}`;
    if (e.keyword === 'additionalProperties') field = `${field}/${String(e.params['additionalProperty'])}`;
    const allowed = e.params['allowedValues'];
    const reason =
      e.keyword === 'additionalProperties'
        ? 'is not a known field'
        : e.keyword === 'required'
          ? 'is required'
          : Array.isArray(allowed)
            ? `must be one of ${allowed.join(', ')}`
            : (e.message ?? e.keyword);
    return { field: field.replace(/^\//, '').replace(/\//g, '.') || '(root)', reason };
  });
}

/**
 * A guard for one contract: `parse(value)` returns the value typed, or throws a
 * {@link ValidationError} (code `code`) naming every offending field.
 */
export function contract<T>(name: string, schema: object, code = 'InvalidEvent', options: { useDefaults?: boolean } = {}) {
  const validate = compileSchema(schema, options);
  return {
    name,
    schema,
    is(value: unknown): value is T {
      return validate(value);
    },
    parse(value: unknown): T {
      if (validate(value)) return value as T;
      const issues = issuesOf(validate.errors);
      const first = issues[0];
      throw new ValidationError(code, `${name}: ${first ? `${first.field} ${first.reason}` : 'invalid'}`, {
        field: first?.field,
        issues,
      });
    },
  };
}
