import type { Channel } from './delivery.js'

/** How one delivery ended. */
export type Outcome =
  | { verdict: 'accepted' | 'duplicate'; status: number; latencyMs: number }
  | { verdict: 'refused'; status: number; latencyMs: number }
  | { verdict: 'appended'; latencyMs: number }
  | { verdict: 'error'; error: string }

export interface ChannelCounts {
  sent: number
  accepted: number
  duplicate: number
  refused: number
  errors: number
}

export interface Summary {
  sent: number
  /** Webhooks answered 200 `accepted` (each is one new webhook_events row). */
  accepted: number
  duplicate: number
  /** Mails appended to the mailbox. */
  mailed: number
  /** Non-2xx answers by HTTP status. */
  refused: Record<string, number>
  errors: number
  redeliveries: number
  byChannel: Partial<Record<Channel, ChannelCounts>>
  latencyMs: { p50: number; p99: number; max: number }
  elapsedSec: number
  firstError?: string
}

/** nearest-rank percentile of sorted values */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0
}

/** Running counts of a simulation. */
export class Stats {
  private readonly latencies: number[] = []
  private readonly startedAt = Date.now()
  readonly summary: Summary = {
    sent: 0,
    accepted: 0,
    duplicate: 0,
    mailed: 0,
    refused: {},
    errors: 0,
    redeliveries: 0,
    byChannel: {},
    latencyMs: { p50: 0, p99: 0, max: 0 },
    elapsedSec: 0,
  }

  record(channel: Channel, redelivery: boolean, outcome: Outcome): void {
    const s = this.summary
    const c = (s.byChannel[channel] ??= { sent: 0, accepted: 0, duplicate: 0, refused: 0, errors: 0 })
    s.sent++
    c.sent++
    if (redelivery) s.redeliveries++
    if ('latencyMs' in outcome) this.latencies.push(outcome.latencyMs)
    switch (outcome.verdict) {
      case 'accepted':
      case 'duplicate':
        s[outcome.verdict]++
        c[outcome.verdict]++
        break
      case 'appended':
        s.mailed++
        c.accepted++
        break
      case 'refused':
        s.refused[String(outcome.status)] = (s.refused[String(outcome.status)] ?? 0) + 1
        c.refused++
        break
      case 'error':
        s.errors++
        c.errors++
        s.firstError ??= outcome.error
        break
    }
  }

  /** The summary with latency percentiles and elapsed time filled in. */
  snapshot(): Summary {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    this.summary.latencyMs = {
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0,
    }
    this.summary.elapsedSec = (Date.now() - this.startedAt) / 1000
    return structuredClone(this.summary)
  }
}
