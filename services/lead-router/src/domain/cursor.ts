/** A list position: the sort key of the last row and its id, opaque to clients (base64url JSON). */
export interface Cursor {
  key: string
  id: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url')
}

/** The decoded cursor, or null when it is not one of ours. */
export function decodeCursor(value: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return { key: parsed[0] as string, id: parsed[1] as string }
    }
    return null
  } catch {
    return null
  }
}

/** Splits a page fetched with `limit + 1` rows into the page and the cursor of the next one. */
export function page<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => Cursor,
): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null }
}
