import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor.js'

describe('cursor', () => {
  it('round-trips', () => {
    const cursor = encodeCursor('2026-01-01T00:00:00.000Z', 'abc')
    expect(cursor).toMatch(/^[\w-]+$/)
    expect(decodeCursor(cursor)).toEqual({ sortKey: '2026-01-01T00:00:00.000Z', id: 'abc' })
  })

  it.each([
    '',
    '!!!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ])('refuses %j', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull()
  })
})
