import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, page } from './cursor.js'

describe('cursor', () => {
  it('round-trips and is opaque base64url', () => {
    const encoded = encodeCursor({ key: '2025-03-14T09:00:00.000Z', id: 'abc' })
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(encoded)).toEqual({ key: '2025-03-14T09:00:00.000Z', id: 'abc' })
  })
  it.each([
    '',
    'not-json',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ])('rejects %j', (value) => {
    expect(decodeCursor(value)).toBeNull()
  })
  it('pages with limit + 1 rows', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    const first = page(rows, 2, (r) => ({ key: r.id, id: r.id }))
    expect(first.data).toEqual([{ id: 'a' }, { id: 'b' }])
    expect(decodeCursor(first.nextCursor ?? '')).toEqual({ key: 'b', id: 'b' })
    expect(page(rows, 3, (r) => ({ key: r.id, id: r.id })).nextCursor).toBeNull()
  })
})
