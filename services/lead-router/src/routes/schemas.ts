// JSON schemas shared by the internal routes: explicit response shapes, so nothing internal leaks.
import {
  instant,
  leadRequiredFields,
  nullableInstant,
  nullableString,
  nullableUuid,
  pageOf,
  pageQuery as pageQuerySchema,
  uuid,
} from '@leadflow/api-schemas'

export { instant, nullableInstant, nullableString, nullableUuid, uuid }

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const

/** `limit` and `cursor`, for list queries that add their own filters. */
export const pageQuery = pageQuerySchema.properties

export const listOf = pageOf

export const leadJson = {
  type: 'object',
  required: leadRequiredFields,
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
    /** 1 when created, one more with each change (LeadChanged carries it too). */
    version: { type: 'integer' },
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
