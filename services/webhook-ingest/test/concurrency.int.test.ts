import { randomUUID } from 'node:crypto'
import { callReceivedV1 } from '@leadflow/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  awayFromMinuteEnd,
  collectEvents,
  freshDatabase,
  putSettings,
  startIngest,
  waitFor,
  type Ingest,
} from './ingest-harness.js'
import { inboundRequest, secrets } from './signing.js'

const run = randomUUID().slice(0, 8)
const call = (id: string) => inboundRequest(id, { type: 'call.received', data: { caller: '+49 30 1234567' } })

describe('many webhooks at once', () => {
  let ingest: Ingest
  let calls: Awaited<ReturnType<typeof collectEvents>>
  const post = (source: string, init: RequestInit) =>
    fetch(`${ingest.url}/webhooks/inbound/${source}`, init).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { status?: string },
    }))

  beforeAll(async () => {
    ingest = await startIngest(await freshDatabase())
    calls = await collectEvents(ingest.connections.kafka, callReceivedV1, (id) => id.includes(run))
    const put = await putSettings(ingest.url, 'inbound/burst', { enabled: true, secret: secrets.inbound })
    expect(put.status).toBe(200)
  })
  afterAll(async () => {
    await calls?.stop()
    await ingest?.stop()
  })

  it('stores each of many concurrent webhooks once, answers every copy as a duplicate and emits each event once', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `msg_${run}_${i}`)
    // Every id three times, shuffled, all at once.
    const sends = [...ids, ...ids, ...ids]
      .map((id) => ({ id, order: Math.random() }))
      .sort((a, b) => a.order - b.order)
    const answers = await Promise.all(
      sends.map(({ id }) => post('burst', call(id)).then((a) => ({ id, ...a }))),
    )

    expect(answers.every((a) => a.status === 200)).toBe(true)
    for (const id of ids) {
      const mine = answers.filter((a) => a.id === id).map((a) => a.body.status)
      expect(mine.sort()).toEqual(['accepted', 'duplicate', 'duplicate'])
    }
    const rows = await ingest.db.webhookEvent.findMany({ where: { provider: 'inbound:burst' } })
    expect(rows).toHaveLength(ids.length)
    expect(rows.every((row) => row.duplicates === 2)).toBe(true)

    const eventIds = ids.map((id) => `inbound:burst:${id}`)
    await waitFor(() => eventIds.every((id) => calls.events.some((e) => e.eventId === id)))
    await ingest.app.relay.flush()
    expect(await ingest.app.relay.depth()).toBe(0)
    for (const id of eventIds) expect(calls.events.filter((e) => e.eventId === id)).toHaveLength(1)
  })

  it('lets exactly the per-minute limit through when a burst from one address exceeds it', async () => {
    const source = `rl-${run}`
    await putSettings(ingest.url, `inbound/${source}`, {
      enabled: true,
      secret: secrets.inbound,
      rateLimitPerMinute: 8,
    })
    await awayFromMinuteEnd()
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => post(source, call(`rl_${run}_${i}`))),
    )
    expect(answers.filter((a) => a.status === 200)).toHaveLength(8)
    expect(answers.filter((a) => a.status === 429)).toHaveLength(12)
  })

  it('counts webhooks let through early, so one after another the limit is still exact', async () => {
    const source = `seq-${run}`
    await putSettings(ingest.url, `inbound/${source}`, {
      enabled: true,
      secret: secrets.inbound,
      rateLimitPerMinute: 6,
    })
    await awayFromMinuteEnd()
    const statuses: number[] = []
    for (let i = 0; i < 9; i++) statuses.push((await post(source, call(`seq_${run}_${i}`))).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429])
  })
})
