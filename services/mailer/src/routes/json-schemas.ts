import { appError } from '@leadflow/http'
import { decodeCursor } from '../domain/list-cursor.js'

// The list, id and value conventions every Leadflow HTTP API shares, under this service's names.
export {
  email,
  instant as dateTime,
  nullableInstant as nullableDateTime,
  nullableString,
  pageOf as listOf,
  pageQuery as listQuery,
  stringMap,
  uuid,
  uuidParams as idParams,
  type PageQuery as ListQuery,
} from '@leadflow/api-schemas'

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
