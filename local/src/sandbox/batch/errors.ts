/**
 * S3 Control errors. Codes are the modelled exception names (aws-facts §6.1); their HTTP
 * statuses are not in the model and are our assumption (docs/sandbox.md).
 */
const STATUS_BY_CODE: Record<string, number> = {
  BadRequestException: 400,
  InvalidRequestException: 400,
  InvalidNextTokenException: 400,
  NotFoundException: 404,
  JobStatusException: 409,
  IdempotencyException: 409,
  TooManyRequestsException: 429,
  InternalServiceException: 500,
  NotImplemented: 501,
};

export class ControlError extends Error {
  readonly code: string;
  readonly status: number;

  /** `status` defaults to the status of the modelled exception `code` (400 for others). */
  constructor(code: string, message: string, status?: number) {
    super(message);
    this.name = 'ControlError';
    this.code = code;
    this.status = status ?? STATUS_BY_CODE[code] ?? 400;
  }
}

export function badRequest(message: string): ControlError {
  return new ControlError('BadRequestException', message);
}

export function notFound(jobId: string): ControlError {
  return new ControlError('NotFoundException', `The specified job ${jobId} does not exist.`);
}

/** A request the sandbox does not emulate: 501 with a pointer to the docs. */
export function controlNotImplemented(what: string): ControlError {
  return new ControlError(
    'NotImplemented',
    `${what} is not implemented by the s3-bulk-restore sandbox (see docs/sandbox.md).`,
  );
}
