import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { invalidCursor } from '../errors.js'

/** `{ id: { gt } }` after a cursor of a list ordered by id; throws 400 for a foreign cursor. */
export function afterCursor(cursor: string | undefined): { id?: { gt: string } } {
  if (!cursor) return {}
  const position = decodeCursor(cursor)
  if (!position) throw invalidCursor()
  return { id: { gt: position.id } }
}

export function pageById<T extends { id: string }>(
  rows: T[],
  limit: number,
): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return {
    data,
    nextCursor: rows.length > limit && last ? encodeCursor({ key: last.id, id: last.id }) : null,
  }
}
