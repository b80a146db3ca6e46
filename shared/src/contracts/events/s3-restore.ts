import type { FromSchema } from 'json-schema-to-ts';

/**
 * The EventBridge events S3 sends for restores ("Object Restore Initiated/Completed/Expired",
 * `source: aws.s3`), as recorded from AWS (aws-facts §5.7). Fields we do not use are allowed
 * (AWS adds fields over time); the ones we rely on are required. Keys are raw, not encoded.
 */
export const s3RestoreEventSchema = {
  $id: 'https://s3-bulk-restore/schemas/events/S3ObjectRestore.json',
  title: 'S3ObjectRestoreEvent',
  type: 'object',
  required: ['detail-type', 'source', 'time', 'detail'],
  properties: {
    version: { type: 'string' },
    id: { type: 'string' },
    'detail-type': { type: 'string', enum: ['Object Restore Initiated', 'Object Restore Completed', 'Object Restore Expired'] },
    source: { const: 'aws.s3' },
    account: { type: 'string' },
    time: { type: 'string', format: 'date-time' },
    region: { type: 'string' },
    resources: { type: 'array', items: { type: 'string' } },
    detail: {
      type: 'object',
      required: ['bucket', 'object'],
      properties: {
        version: { type: 'string' },
        bucket: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } },
        object: {
          type: 'object',
          required: ['key'],
          properties: {
            key: { type: 'string', minLength: 1 },
            size: { type: 'integer', minimum: 0 },
            etag: { type: 'string' },
            'version-id': { type: 'string' },
          },
        },
        'request-id': { type: 'string' },
        requester: { type: 'string' },
        'source-ip-address': { type: 'string' },
        'source-storage-class': { type: 'string' },
        'restore-expiry-time': { type: 'string', format: 'date-time' },
      },
    },
  },
} as const;

export type S3RestoreEvent = FromSchema<typeof s3RestoreEventSchema>;
