/** An opaque list cursor: base64url of the last row's sort key and id. */
export interface Cursor {
  key: string | null
  id: string
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url')
}

/** The cursor, or null when the text is not one `encodeCursor` produced. */
export function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (!Array.isArray(value) || value.length !== 2) return null
    const [key, id] = value as unknown[]
    if (typeof id !== 'string' || (key !== null && typeof key !== 'string')) return null
    return { key, id }
  } catch {
    return null
  }
}
