/**
 * S3 errors as S3 sends them: an HTTP status, a code, a message and extra XML elements
 * (e.g. `<StorageClass>` on InvalidObjectState).
 */
const STATUS_BY_CODE: Record<string, number> = {
  AccessDenied: 403,
  BadDigest: 400,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  BucketNotEmpty: 409,
  GlacierExpeditedRetrievalNotAvailable: 503,
  IncompleteBody: 400,
  InternalError: 500,
  InvalidArgument: 400,
  InvalidBucketName: 400,
  InvalidDigest: 400,
  InvalidObjectState: 403,
  InvalidRequest: 400,
  InvalidStorageClass: 400,
  MalformedXML: 400,
  MethodNotAllowed: 405,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  NoSuchVersion: 404,
  NotImplemented: 501,
  RestoreAlreadyInProgress: 409,
  SlowDown: 503,
  ThrottlingException: 503,
  XAmzContentSHA256Mismatch: 400,
};

export class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, string>;

  constructor(code: string, message: string, fields: Record<string, string> = {}, status?: number) {
    super(message);
    this.name = 'S3Error';
    this.code = code;
    this.status = status ?? STATUS_BY_CODE[code] ?? 400;
    this.fields = fields;
  }
}

/** Raised for requests the sandbox does not emulate: answers 501 with a pointer to the docs. */
export function notImplemented(what: string): S3Error {
  return new S3Error(
    'NotImplemented',
    `${what} is not implemented by the s3-bulk-restore sandbox (see docs/sandbox.md).`,
  );
}
