import { startOfLocalDay, wallClock } from './local-time.js'

/**
 * A daily send window in minutes after local midnight in the account's IANA time zone.
 * `start < end`: inside when start ≤ now < end; `start > end` wraps past midnight; either bound
 * unset (or both equal) means no window. Local wall-clock time, so a 09:00–17:00 window stays
 * 09:00–17:00 across daylight-saving changes.
 */
export function inSendWindow(now: Date, start: number | null, end: number | null, timeZone = 'UTC'): boolean {
  if (start === null || end === null || start === end) return true
  const { minute } = wallClock(now, timeZone)
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/** Where the account's day (for its daily cap) began: local midnight in its time zone. */
export function startOfSendingDay(now: Date, timeZone = 'UTC'): Date {
  return timeZone === 'UTC' ? startOfUtcDay(now) : startOfLocalDay(now, timeZone)
}

/** How many more mails an account may send today under its cap (Infinity without a cap). */
export function remainingToday(cap: number | null, sentToday: number): number {
  return cap === null ? Number.POSITIVE_INFINITY : Math.max(0, cap - sentToday)
}
