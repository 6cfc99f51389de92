/**
 * A daily send window in minutes after midnight UTC. `start < end`: inside when start ≤ now < end;
 * `start > end` wraps past midnight; either bound unset means no window.
 */
export function inSendWindow(now: Date, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return true
  const minute = now.getUTCHours() * 60 + now.getUTCMinutes()
  return start < end ? minute >= start && minute < end : minute >= start || minute < end
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/** How many more mails an account may send today under its cap (Infinity without a cap). */
export function remainingToday(cap: number | null, sentToday: number): number {
  return cap === null ? Number.POSITIVE_INFINITY : Math.max(0, cap - sentToday)
}
