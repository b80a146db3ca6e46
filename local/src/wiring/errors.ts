/**
 * A serverless.yml (or serverless-compose.yml) the wiring reader cannot normalise: a shape it
 * does not support or a value of the wrong type. `details.file` and `details.at` say where.
 */
export class WiringError extends Error {
  readonly code = 'WIRING_CONFIG_INVALID';
  readonly details: { file: string; at: string };

  constructor(message: string, details: { file: string; at: string }) {
    super(`${details.file}: ${details.at}: ${message}`);
    this.name = 'WiringError';
    this.details = details;
  }
}
