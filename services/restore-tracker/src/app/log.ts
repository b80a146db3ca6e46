import type { Log } from './ports.js';

/** An error as log fields: code and details for ours, name and message for the rest. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const withCode = error as Error & { code?: unknown; details?: unknown };
    return { name: error.name, message: error.message, code: withCode.code, details: withCode.details };
  }
  return { message: String(error) };
}

/** The default log: one JSON line per entry on stdout/stderr (what CloudWatch Logs keeps). */
export const jsonLog: Log = (entry) => {
  const line = JSON.stringify({ time: new Date().toISOString(), ...entry });
  if (entry['level'] === 'error') console.error(line);
  else console.log(line);
};
