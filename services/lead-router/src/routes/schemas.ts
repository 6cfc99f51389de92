// JSON schemas shared by the internal routes: explicit response shapes, so nothing internal leaks.
export const uuid = { type: 'string', format: 'uuid' } as const
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const
export const instant = { type: 'string', format: 'date-time' } as const
export const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const
export const nullableString = { type: ['string', 'null'] } as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', maxLength: 512 },
} as const

export function listOf(item: object) {
  return {
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: { data: { type: 'array', items: item }, nextCursor: nullableString },
  } as const
}

export const leadJson = {
  type: 'object',
  required: [
    'id',
    'status',
    'source',
    'contactId',
    'phoneE164',
    'email',
    'name',
    'ownerId',
    'departmentId',
    'slaDueAt',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: uuid,
    status: { type: 'string' },
    source: { type: 'string' },
    sourceEventId: { type: 'string' },
    contactId: nullableUuid,
    phoneE164: nullableString,
    email: nullableString,
    name: nullableString,
    ownerId: nullableUuid,
    departmentId: nullableUuid,
    slaDueAt: nullableInstant,
    firstResponseAt: nullableInstant,
    lastTouchAt: instant,
    createdAt: instant,
    updatedAt: instant,
  },
} as const

export const touchJson = {
  type: 'object',
  required: ['id', 'leadId', 'kind', 'occurredAt', 'details'],
  properties: {
    id: uuid,
    leadId: uuid,
    kind: { type: 'string' },
    sourceEventId: { type: 'string' },
    occurredAt: instant,
    details: { type: 'object', additionalProperties: true },
  },
} as const
