import { describe, expect, it } from 'vitest'
import { backoffDelay } from './backoff.js'
import { decodeCursor, encodeCursor, page } from './list-cursor.js'
import { inSendWindow, remainingToday, startOfUtcDay } from './send-window.js'

const at = (hhmm: string) => new Date(`2026-03-14T${hhmm}:00.000Z`)

describe('send windows and daily caps', () => {
  it.each([
    ['08:59', 540, 1020, false],
    ['09:00', 540, 1020, true],
    ['16:59', 540, 1020, true],
    ['17:00', 540, 1020, false],
    ['23:30', 1320, 360, true],
    ['05:59', 1320, 360, true],
    ['12:00', 1320, 360, false],
  ] as const)('%s in [%i, %i) is %s', (time, start, end, inside) => {
    expect(inSendWindow(at(time), start, end)).toBe(inside)
  })

  it('has no window when a bound is unset', () => {
    expect(inSendWindow(at('03:00'), null, 600)).toBe(true)
  })

  it('counts what is left of a cap today', () => {
    expect(remainingToday(null, 1000)).toBe(Number.POSITIVE_INFINITY)
    expect(remainingToday(100, 98)).toBe(2)
    expect(remainingToday(100, 120)).toBe(0)
    expect(startOfUtcDay(at('15:42')).toISOString()).toBe('2026-03-14T00:00:00.000Z')
  })
})

describe('backoff with jitter', () => {
  it('doubles the ceiling per attempt, jitters within its upper half and caps', () => {
    expect(backoffDelay(1, 2000, 60_000, () => 0)).toBe(1000)
    expect(backoffDelay(1, 2000, 60_000, () => 1)).toBe(2000)
    expect(backoffDelay(3, 2000, 60_000, () => 1)).toBe(8000)
    expect(backoffDelay(20, 2000, 60_000, () => 1)).toBe(60_000)
  })
})

describe('list cursors', () => {
  it('round-trips and rejects garbage', () => {
    expect(decodeCursor(encodeCursor('2026-01-01T00:00:00.000Z', 'id-1'))).toEqual({
      sortKey: '2026-01-01T00:00:00.000Z',
      id: 'id-1',
    })
    expect(decodeCursor('%%%')).toBeUndefined()
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined()
  })

  it('answers a next cursor only when there are more rows', () => {
    expect(page([1, 2, 3], 2, (n) => [String(n), String(n)]).nextCursor).toBe(encodeCursor('2', '2'))
    expect(page([1, 2], 2, (n) => [String(n), String(n)]).nextCursor).toBeNull()
  })
})
