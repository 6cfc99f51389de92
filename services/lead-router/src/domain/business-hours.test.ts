import { describe, expect, it } from 'vitest'
import { addBusinessMinutes, type BusinessHours } from './business-hours.js'

const weekdays9to17: BusinessHours = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [['09:00', '17:00']],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '17:00']],
}
const split: BusinessHours = {
  mon: [
    ['13:00', '17:00'],
    ['08:00', '12:00'],
  ],
}

describe('addBusinessMinutes', () => {
  it.each([
    ['24/7 without hours', '2025-03-14T09:00:00Z', 240, null, 'UTC', '2025-03-14T13:00:00.000Z'],
    ['inside hours', '2025-03-12T10:00:00Z', 240, weekdays9to17, 'UTC', '2025-03-12T14:00:00.000Z'],
    ['before opening', '2025-03-12T06:30:00Z', 60, weekdays9to17, 'UTC', '2025-03-12T10:00:00.000Z'],
    ['spills to next day', '2025-03-12T15:00:00Z', 240, weekdays9to17, 'UTC', '2025-03-13T11:00:00.000Z'],
    [
      'friday evening → monday',
      '2025-03-14T16:00:00Z',
      240,
      weekdays9to17,
      'UTC',
      '2025-03-17T12:00:00.000Z',
    ],
    ['saturday → monday', '2025-03-15T12:00:00Z', 30, weekdays9to17, 'UTC', '2025-03-17T09:30:00.000Z'],
    ['ends exactly at close', '2025-03-12T13:00:00Z', 240, weekdays9to17, 'UTC', '2025-03-12T17:00:00.000Z'],
    ['lunch break', '2025-03-17T11:00:00Z', 120, split, 'UTC', '2025-03-17T14:00:00.000Z'],
    [
      'Berlin winter (UTC+1)',
      '2025-03-12T07:30:00Z',
      60,
      weekdays9to17,
      'Europe/Berlin',
      '2025-03-12T09:00:00.000Z',
    ],
    [
      'Berlin summer (UTC+2)',
      '2025-07-09T06:00:00Z',
      60,
      weekdays9to17,
      'Europe/Berlin',
      '2025-07-09T08:00:00.000Z',
    ],
    [
      'New York late → next day',
      '2025-03-12T21:30:00Z',
      60,
      weekdays9to17,
      'America/New_York',
      '2025-03-13T14:00:00.000Z',
    ],
    ['zero minutes in hours', '2025-03-12T10:00:00Z', 0, weekdays9to17, 'UTC', '2025-03-12T10:00:00.000Z'],
  ] as const)('%s', (_name, start, minutes, hours, zone, expected) => {
    expect(addBusinessMinutes(new Date(start), minutes, hours, zone).toISOString()).toBe(expected)
  })

  it('treats empty hours as always open', () => {
    expect(addBusinessMinutes(new Date('2025-03-15T12:00:00Z'), 10, {}).toISOString()).toBe(
      '2025-03-15T12:10:00.000Z',
    )
  })
})
