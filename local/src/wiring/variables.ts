/**
 * The few Serverless Framework variables the wiring needs resolved: the stage, the region, the
 * service name and `${param:…}`. Anything else (`${AWS::Region}` inside `!Sub`, `${Names}`) is
 * left as written, as the framework leaves it for CloudFormation.
 */
export interface VariableContext {
  stage: string;
  region: string;
  service?: string;
  params: Record<string, unknown>;
}

const VARIABLE = /\$\{(sls:stage|self:service|self:provider\.stage|self:provider\.region|opt:stage(?:\s*,\s*[^}]*)?|opt:region(?:\s*,\s*[^}]*)?|param:[A-Za-z0-9_.-]+)\}/g;

/** Replace the supported variables in one string. */
export function resolveString(text: string, context: VariableContext): string {
  return text.replace(VARIABLE, (whole, expression: string) => {
    if (expression === 'sls:stage' || expression === 'self:provider.stage' || expression.startsWith('opt:stage')) {
      return context.stage;
    }
    if (expression === 'self:provider.region' || expression.startsWith('opt:region')) return context.region;
    if (expression === 'self:service') return context.service ?? whole;
    const value = context.params[expression.slice('param:'.length)];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

/** Resolve the supported variables in every string of a parsed YAML document (keys included). */
export function resolveVariables(value: unknown, context: VariableContext): unknown {
  if (typeof value === 'string') return resolveString(value, context);
  if (Array.isArray(value)) return value.map((item) => resolveVariables(item, context));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [resolveString(key, context), resolveVariables(item, context)]),
    );
  }
  return value;
}

/** `params:` for a stage: the stage's own values over `default`. */
export function paramsFor(params: unknown, stage: string): Record<string, unknown> {
  if (params === null || typeof params !== 'object') return {};
  const byStage = params as Record<string, unknown>;
  const pick = (key: string): Record<string, unknown> => {
    const section = byStage[key];
    return section !== null && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  };
  return { ...pick('default'), ...pick(stage) };
}
