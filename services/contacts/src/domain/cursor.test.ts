import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor.js'

describe('list cursors', () => {
  it.each([
    { key: '2026-01-01T00:00:00.000Z', id: 'a' },
    { key: null, id: 'b' },
    { key: 'Ünïcode name', id: 'c' },
  ])('round-trips %j', (cursor) => {
    const text = encodeCursor(cursor)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(text)).toEqual(cursor)
  })

  it.each([
    '',
    'not-a-cursor',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,"x"]').toString('base64url'),
  ])('rejects %j', (text) => {
    expect(decodeCursor(text)).toBeNull()
  })
})
