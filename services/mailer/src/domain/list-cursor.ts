/** Opaque list cursors: base64url of the last row's sort key and id. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url')
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string'))
      return { sortKey: parsed[0] as string, id: parsed[1] as string }
  } catch {
    return undefined
  }
  return undefined
}

/** `limit + 1` rows were read: answer `limit` of them and a cursor when there are more. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => [string, string]) {
  const data = rows.slice(0, limit)
  const last = data.at(-1)
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null }
}
