/** An opaque list cursor: base64url of the last row's sort key and id. */
export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url')
}

export function decodeCursor(cursor: string): { sortKey: string; id: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 2) return null
    const [sortKey, id] = value as unknown[]
    if (typeof sortKey !== 'string' || typeof id !== 'string') return null
    return { sortKey, id }
  } catch {
    return null
  }
}
