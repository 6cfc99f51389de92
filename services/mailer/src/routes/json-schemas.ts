import { appError } from '@leadflow/http'
import { decodeCursor } from '../domain/list-cursor.js'

export const email = { type: 'string', format: 'email', maxLength: 320 } as const
export const uuid = { type: 'string', format: 'uuid' } as const
export const nullableString = { type: ['string', 'null'] } as const
export const dateTime = { type: 'string', format: 'date-time' } as const
export const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const
export const stringMap = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 10_000 },
  maxProperties: 100,
} as const

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
  additionalProperties: false,
} as const

export const listQuery = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    cursor: { type: 'string', maxLength: 512 },
  },
  additionalProperties: false,
} as const

export interface ListQuery {
  limit: number
  cursor?: string
}

export function listOf(item: object) {
  return {
    type: 'object',
    required: ['data', 'nextCursor'],
    properties: { data: { type: 'array', items: item }, nextCursor: nullableString },
  } as const
}

export function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined
  const parsed = decodeCursor(cursor)
  if (!parsed) throw appError('bad_request', 'invalid cursor')
  return parsed
}

/** Rows after the cursor in (createdAt, id) order. */
export function afterCreated(cursor: string | undefined) {
  const after = parseCursor(cursor)
  if (!after) return {}
  const at = new Date(after.sortKey)
  if (Number.isNaN(at.getTime())) throw appError('bad_request', 'invalid cursor')
  return { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after.id } }] }
}

export const noContent = { 204: { type: 'null' } } as const
