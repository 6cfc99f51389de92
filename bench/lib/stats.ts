import { loadavg } from 'node:os'

/** The `q` quantile (0–1) of ascending `sorted` values, 0 when there are none. */
export const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
export const loadAverage = (): string =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')
