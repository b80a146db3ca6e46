/** Schema fragments shared by several contracts. */
export const jobIdSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' } as const;
export const timeSchema = { type: 'string', format: 'date-time' } as const;
export const countSchema = { type: 'integer', minimum: 0 } as const;

export const objectCountsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['registered', 'requested', 'restoring', 'restored', 'available', 'failed'],
  properties: {
    registered: countSchema,
    requested: countSchema,
    restoring: countSchema,
    restored: countSchema,
    available: countSchema,
    failed: countSchema,
  },
} as const;

/** Where a job's manifest is, as the events between the services name it (the ETag jobs checked). */
export const manifestLocationProperties = {
  bucket: { type: 'string', minLength: 1 },
  key: { type: 'string', minLength: 1 },
  etag: { type: 'string', minLength: 1 },
  versionId: { type: 'string' },
} as const;

/**
 * Bytes per object state: the summed sizes of the job's objects in each state whose size is known
 * (S3's restore events and the reconciliation sweep carry it; a manifest does not), so
 * `registered` is usually 0 and the others are exact once S3 has told.
 */
export const objectBytesSchema = { ...objectCountsSchema, description: 'Summed sizes (bytes) of the objects in each state whose size S3 reported' } as const;

/** Why a job or an object failed: a stable code, a message, and where it came from. */
export const failureSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 128 },
    message: { type: 'string', maxLength: 1024 },
    line: { type: 'integer', minimum: 1 },
    field: { type: 'string' },
  },
} as const;
