import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './list-cursor.js'

describe('list cursor', () => {
  it('round-trips the position of the last row', () => {
    const position = {
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      id: '0b6e5c9a-3f1e-4c44-9a57-3c4c1b8f2a10',
    }
    expect(decodeCursor(encodeCursor(position))).toEqual(position)
  })

  it.each([
    'not-base64!',
    Buffer.from('{}').toString('base64url'),
    Buffer.from('["x","y"]').toString('base64url'),
  ])('rejects %s', (cursor) => {
    expect(decodeCursor(cursor)).toBeNull()
  })
})
