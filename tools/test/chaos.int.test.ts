import { describe, expect, it } from 'vitest'
import { runCampaign } from '../chaos/campaign.js'
import { formatSummary } from '../chaos/summary.js'

// The fault campaign in its short seeded form (the long one: `./leadflow chaos`). It brings up a
// 3-broker Kafka, PostgreSQL and Redis of its own, so its faults never reach the shared ones.
describe('fault campaign (short, seeded)', () => {
  it('loses, doubles and invents no lead while brokers, services, Redis and Postgres are killed', async () => {
    const summary = await runCampaign({
      events: 1500,
      seed: 20261123,
      rate: 15,
      concurrency: 32,
      faults: 9,
      background: 0.003,
      keep: false,
      log: () => undefined,
    })
    const report = formatSummary(summary)
    process.stdout.write(`${report}\n`)

    expect(summary.refused, report).toEqual([])
    expect(summary.drained, report).toBe(true)
    expect(summary.verdict.acked, report).toBe(1500)
    expect(summary.verdict.lost, report).toEqual([])
    expect(summary.verdict.duplicated, report).toEqual([])
    expect(summary.verdict.phantom, report).toEqual([])
    expect(summary.verdict.leads, report).toBe(1500)
    expect(
      summary.redeliveries + summary.duplicatePairs + summary.redeliveriesAfterRedisLoss,
    ).toBeGreaterThan(0)
    const fired = (pattern: RegExp) =>
      Object.entries(summary.faults)
        .filter(([kind]) => pattern.test(kind))
        .reduce((sum, [, n]) => sum + n, 0)
    expect(fired(/^kafka-leader-kill$/), report).toBeGreaterThan(0)
    expect(fired(/^redis-(restart|flush)$/), report).toBeGreaterThan(0)
    expect(fired(/^postgres-restart$/), report).toBeGreaterThan(0)
    expect(fired(/^ingest-\d killed$/), report).toBeGreaterThan(0)
    expect(fired(/^ingest-\d failpoint:outbox\.after-broker-ack$/), report).toBeGreaterThan(0)
    expect(fired(/^router-\d failpoint:consumer\.after-commit-before-offset$/), report).toBeGreaterThan(0)
    // A replica that exits on its own is a bug even when nothing was lost; its last words say why.
    expect(summary.crashes, report).toEqual([])
    expect(fired(/crashed$/), report).toBe(0)
  }, 420_000)
})
