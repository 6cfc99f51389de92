import { describe, expect, it } from 'vitest'
import { formatSummary } from './reporter.js'
import { percentile, Stats } from './stats.js'

describe('the simulation summary', () => {
  it('counts verdicts, refusals by status, errors and latency percentiles', () => {
    const stats = new Stats()
    for (let i = 1; i <= 100; i++)
      stats.record('zadarma', false, { verdict: 'accepted', status: 200, latencyMs: i })
    stats.record('stripe', true, { verdict: 'duplicate', status: 200, latencyMs: 5 })
    stats.record('lead', false, { verdict: 'refused', status: 401, latencyMs: 3 })
    stats.record('lead', false, { verdict: 'refused', status: 429, latencyMs: 3 })
    stats.record('lead', false, { verdict: 'refused', status: 429, latencyMs: 3 })
    stats.record('call', false, { verdict: 'error', error: 'connect ECONNREFUSED' })
    stats.record('mail', false, { verdict: 'appended', latencyMs: 8 })
    const s = stats.snapshot()
    expect(s).toMatchObject({
      sent: 106,
      accepted: 100,
      duplicate: 1,
      mailed: 1,
      refused: { '401': 1, '429': 2 },
      errors: 1,
      redeliveries: 1,
      firstError: 'connect ECONNREFUSED',
      byChannel: { lead: { sent: 3, refused: 3 }, zadarma: { sent: 100, accepted: 100 } },
    })
    expect(s.latencyMs.p99).toBe(99)
    const text = formatSummary(s)
    expect(text).toContain('refused     401×1 429×2')
    expect(text).toContain('errors      1 (first: connect ECONNREFUSED)')
    expect(text).toMatch(/latency {5}p50 \d+\.\d ms · p99 99\.0 ms/)
  })

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBe(0)
    expect(percentile([1, 2, 3, 4], 50)).toBe(2)
    expect(percentile([1, 2, 3, 4], 99)).toBe(4)
  })
})
