import { z } from 'zod'

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM')
export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const

/** Opening hours per weekday in the department's time zone, e.g. `{ mon: [['09:00', '17:00']] }`. */
export const businessHoursSchema = z.partialRecord(z.enum(weekdays), z.array(z.tuple([hhmm, hhmm])))
export type BusinessHours = z.infer<typeof businessHoursSchema>

const minute = 60_000
const day = 24 * 60 * minute

function minutesOf(value: string): number {
  const [h = 0, m = 0] = value.split(':').map(Number)
  return h * 60 + m
}

/** The offset (ms) of `timeZone` from UTC at `instant`. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant of a local wall-clock time (local midnight of `localDay` + `minutes`). */
function localToInstant(localDay: number, minutes: number, timeZone: string): number {
  const guess = localDay + minutes * minute
  const first = guess - offsetAt(guess, timeZone)
  return guess - offsetAt(first, timeZone)
}

/**
 * The instant `minutes` working minutes after `start`. Without business hours every minute
 * counts (24/7); with them, only minutes inside the opening intervals of the time zone count.
 */
export function addBusinessMinutes(
  start: Date,
  minutes: number,
  hours: BusinessHours | null,
  timeZone = 'UTC',
): Date {
  if (!hours || Object.values(hours).every((list) => list.length === 0)) {
    return new Date(start.getTime() + minutes * minute)
  }
  let remaining = minutes * minute
  const startMs = start.getTime()
  // Local midnight of the start day, as a UTC-based day number.
  let localDay = Math.floor((startMs + offsetAt(startMs, timeZone)) / day) * day
  for (let i = 0; i < 366 * 2; i++) {
    const weekday = weekdays[new Date(localDay).getUTCDay()] ?? 'sun'
    const intervals = [...(hours[weekday] ?? [])].sort((a, b) => minutesOf(a[0]) - minutesOf(b[0]))
    for (const [open, close] of intervals) {
      const from = Math.max(localToInstant(localDay, minutesOf(open), timeZone), startMs)
      const to = localToInstant(localDay, minutesOf(close), timeZone)
      if (to <= from) continue
      if (to - from >= remaining) return new Date(from + remaining)
      remaining -= to - from
    }
    localDay += day
  }
  return new Date(startMs + minutes * minute)
}
