/** Wall-clock time in an IANA time zone, computed with the runtime's time-zone database. */

const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formats.set(timeZone, format)
  }
  return format
}

export interface WallClock {
  /** `YYYY-MM-DD` of the local date. */
  date: string
  /** Minutes after local midnight, 0–1439. */
  minute: number
}

export function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {}
  for (const part of formatFor(timeZone).formatToParts(at)) parts[part.type] = part.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  }
}

/** An IANA zone name the runtime knows (`Europe/Berlin`, `UTC`); offsets and abbreviations are not. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false
  try {
    formatFor(value)
    return true
  } catch {
    return false
  }
}

const minuteMs = 60_000

/**
 * The first instant of the local day containing `at`: local midnight, or — where a clock change
 * skips midnight — the first minute that exists that day. Found by bisection over whole minutes
 * (clocks change on whole minutes), which is exact for every zone: offsets, half hours, DST.
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const today = wallClock(at, timeZone).date
  const isToday = (minute: number) => wallClock(new Date(minute * minuteMs), timeZone).date >= today
  let inside = Math.floor(at.getTime() / minuteMs)
  // A local day lasts at most 25 hours: 27 hours earlier is always an earlier date.
  let before = inside - 27 * 60
  while (inside - before > 1) {
    const middle = Math.floor((before + inside) / 2)
    if (isToday(middle)) inside = middle
    else before = middle
  }
  return new Date(inside * minuteMs)
}
