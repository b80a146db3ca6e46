import type { FromSchema } from 'json-schema-to-ts';

/** The EventBridge envelope around our own details, as a Lambda target or an SQS body receives it. */
export const busEnvelopeSchema = {
  type: 'object',
  required: ['detail-type', 'source', 'detail'],
  properties: {
    version: { type: 'string' },
    id: { type: 'string' },
    'detail-type': { type: 'string' },
    source: { type: 'string' },
    account: { type: 'string' },
    time: { type: 'string' },
    region: { type: 'string' },
    resources: { type: 'array', items: { type: 'string' } },
    detail: { type: 'object' },
  },
} as const;

export type BusEnvelope = FromSchema<typeof busEnvelopeSchema>;
