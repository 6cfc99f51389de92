import { describe, expect, it } from 'vitest'
import { isTimeZone, startOfLocalDay, wallClock } from './local-time.js'
import { inSendWindow, startOfSendingDay } from './send-window.js'

const utc = (iso: string) => new Date(`${iso}Z`)
const nineToFive = [9 * 60, 17 * 60] as const

describe('send windows in the account time zone', () => {
  it.each([
    ['winter, 07:30 UTC is 08:30 in Berlin', '2026-01-14T07:30', false],
    ['summer, 07:30 UTC is 09:30 in Berlin', '2026-07-14T07:30', true],
    ['winter, 15:30 UTC is 16:30 in Berlin', '2026-01-14T15:30', true],
    ['summer, 15:30 UTC is 17:30 in Berlin', '2026-07-14T15:30', false],
    ['summer, 07:00 UTC is 09:00 sharp in Berlin', '2026-07-14T07:00', true],
  ] as const)('%s', (_, at, inside) => {
    expect(inSendWindow(utc(at), ...nineToFive, 'Europe/Berlin')).toBe(inside)
  })

  it('follows the wall clock on the days the clocks change', () => {
    // Berlin, 29 March 2026: 02:00 local does not exist, so a 02:00–03:00 window never opens.
    const [start, end] = [2 * 60, 3 * 60]
    expect(inSendWindow(utc('2026-03-29T00:59'), start, end, 'Europe/Berlin')).toBe(false)
    expect(inSendWindow(utc('2026-03-29T01:00'), start, end, 'Europe/Berlin')).toBe(false)
    // New York, 1 November 2026: 01:00–02:00 local happens twice (EDT, then EST); both count.
    const [one, two] = [60, 120]
    expect(inSendWindow(utc('2026-11-01T05:30'), one, two, 'America/New_York')).toBe(true)
    expect(inSendWindow(utc('2026-11-01T06:30'), one, two, 'America/New_York')).toBe(true)
    expect(inSendWindow(utc('2026-11-01T07:30'), one, two, 'America/New_York')).toBe(false)
  })

  it.each([
    ['23:00 in Tokyo', '2026-03-14T14:00', true],
    ['05:30 in Tokyo', '2026-03-14T20:30', true],
    ['06:00 in Tokyo', '2026-03-14T21:00', false],
    ['12:00 in Tokyo', '2026-03-14T03:00', false],
  ] as const)('a 22:00–06:00 window crossing midnight: %s', (_, at, inside) => {
    expect(inSendWindow(utc(at), 22 * 60, 6 * 60, 'Asia/Tokyo')).toBe(inside)
  })

  it('keeps UTC windows as they were', () => {
    expect(inSendWindow(utc('2026-07-14T08:59'), ...nineToFive)).toBe(false)
    expect(inSendWindow(utc('2026-07-14T09:00'), ...nineToFive, 'UTC')).toBe(true)
    expect(inSendWindow(utc('2026-07-14T03:00'), null, 600, 'Asia/Tokyo')).toBe(true)
  })
})

describe('the local day a daily cap counts', () => {
  it.each([
    ['UTC', '2026-03-14T15:42', '2026-03-14T00:00'],
    ['Europe/Berlin in winter', '2026-01-14T23:30', '2026-01-14T23:00'],
    ['Europe/Berlin in summer', '2026-07-14T12:00', '2026-07-13T22:00'],
    ['Asia/Kolkata (+05:30)', '2026-03-14T10:00', '2026-03-13T18:30'],
    ['Pacific/Auckland, already tomorrow', '2026-03-14T12:00', '2026-03-14T11:00'],
    ['America/New_York, the 25-hour day', '2026-11-01T23:00', '2026-11-01T04:00'],
    ['America/New_York, the 23-hour day', '2026-03-08T23:00', '2026-03-08T05:00'],
    ['America/Santiago, whose midnight is skipped', '2026-09-06T15:00', '2026-09-06T04:00'],
  ] as const)('%s', (zone, at, start) => {
    const timeZone = zone.split(/[ ,]/)[0] ?? 'UTC'
    expect(startOfSendingDay(utc(at), timeZone).toISOString()).toBe(`${start}:00.000Z`)
  })

  it('starts the day at the first minute of the local date', () => {
    const start = startOfLocalDay(utc('2026-09-06T15:00'), 'America/Santiago')
    expect(wallClock(start, 'America/Santiago')).toEqual({ date: '2026-09-06', minute: 60 })
    expect(wallClock(new Date(start.getTime() - 1), 'America/Santiago').date).toBe('2026-09-05')
  })
})

describe('time zone names', () => {
  it.each([
    ['UTC', true],
    ['Europe/Berlin', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Etc/GMT+5', true],
    ['Mars/Olympus_Mons', false],
    ['+05:00', false],
    ['CET; drop', false],
    ['', false],
  ] as const)('%s is %s', (name, valid) => {
    expect(isTimeZone(name)).toBe(valid)
  })
})
