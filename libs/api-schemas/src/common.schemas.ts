/** JSON schema pieces every HTTP API uses the same way, public (gateway) and internal alike. */
export const uuid = { type: 'string', format: 'uuid' } as const
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const
export const instant = { type: 'string', format: 'date-time' } as const
export const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const
export const nullableString = { type: ['string', 'null'] } as const
export const email = { type: 'string', format: 'email', maxLength: 320 } as const

/** Template variables and the like: string values, bounded in size and count. */
export const stringMap = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 10_000 },
  maxProperties: 100,
} as const

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `text` is a UUID in its plain hyphenated form (any case; no `urn:uuid:` prefix, no braces). */
export const isUuid = (text: string): boolean => uuidPattern.test(text)

/** `/:id` path parameters where the id is a UUID. */
export const uuidParams = {
  type: 'object',
  properties: { id: uuid },
  required: ['id'],
  additionalProperties: false,
} as const

/** A list query: `?limit=` (default 50, max 200) and the opaque `cursor` of the previous page. */
export const pageQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 512 },
  },
  additionalProperties: false,
} as const

export interface PageQuery {
  limit: number
  cursor?: string
}

/** A list answer: `{ "data": [...], "nextCursor": ... }` (null on the last page). */
export function pageOf(item: object) {
  return {
    type: 'object',
    properties: { data: { type: 'array', items: item }, nextCursor: nullableString },
    required: ['data', 'nextCursor'],
  } as const
}
