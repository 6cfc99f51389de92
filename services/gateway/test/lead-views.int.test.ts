/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { fixtures, leadChangedV1, type LeadChangedV1 } from '@leadflow/contracts'
import { createKafka, createProducer, type EventProducer } from '@leadflow/kafka'
import { createLogger } from '@leadflow/telemetry'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../../lead-router/test/harness.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'

// The lead list's read model fed through the real broker: LeadChanged events as lead-router
// publishes them, including the redeliveries and reorderings at-least-once delivery allows.
describe("the lead list's read model, kept from leads.lead.changed.v1", () => {
  let gw: Gateway
  let producer: EventProducer
  let admin: string
  const ownerId = randomUUID() // this test's leads only: other tests share the topic
  const call = () => client(gw.url)

  const listed = async (query = '') => {
    const res = await call()('GET', `/api/v1/leads?ownerId=${ownerId}&limit=200${query}`, { auth: admin })
    expect(res.status).toBe(200)
    return res.body.data as { id: string; status: string; name: string | null }[]
  }

  beforeAll(async () => {
    gw = await startGateway()
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    const logger = createLogger({ service: 'gateway-test', level: 'silent' })
    producer = await createProducer(
      createKafka({
        clientId: `gateway-test-${randomUUID()}`,
        brokers: [...gw.config.KAFKA_BROKERS],
        logger,
      }),
    )
  }, 60_000)
  afterAll(async () => {
    await producer?.disconnect()
    await gw?.stop()
  })

  it('shows a lead once its LeadChanged arrives, and keeps the newest version of it', async () => {
    const base = fixtures.leadChanged({ ownerId, version: 1, status: 'new', name: 'Ada Lovelace' })
    const at = (version: number, changes: Partial<LeadChangedV1> = {}): LeadChangedV1 => ({
      ...base,
      ...changes,
      version,
      eventId: `lead-router:changed:${base.leadId}:${version}`,
    })
    await producer.send(leadChangedV1, at(1))
    await waitFor(async () => (await listed()).length === 1, 30_000, 'the new lead in the list')

    // Version 3 overtakes 2, which arrives once 3 is stored: 3 stays.
    await producer.send(leadChangedV1, at(3, { status: 'qualified', name: 'Ada King' }))
    await waitFor(async () => (await listed('&status=qualified')).length === 1, 30_000, 'version 3')
    await producer.send(leadChangedV1, at(2, { status: 'contacted' }))
    // Another lead, sent on the same key (so the same partition, after the others): once it is
    // listed, every event before it has been handled.
    const marker = fixtures.leadChanged({ ownerId, version: 1 })
    await producer.send({ ...leadChangedV1, key: () => base.leadId }, marker)
    await waitFor(async () => (await listed()).length === 2, 30_000, 'the marker lead in the list')
    const lead = (await listed()).find((l) => l.id === base.leadId)
    expect(lead).toMatchObject({ status: 'qualified', name: 'Ada King' })
    expect((await listed('&status=contacted')).map((l) => l.id)).toEqual([])
    expect((await listed('&q=ada%20king')).map((l) => l.id)).toEqual([base.leadId])
  })

  it('refuses a cursor it did not make with 400 problem+json', async () => {
    for (const key of [
      ['not a date', randomUUID()],
      ['2025', randomUUID()],
      ['2025-03-14T09:26:54.000Z', 'x'],
      ['2025-02-30T09:26:54.000Z', randomUUID()], // no such day: Postgres would refuse it
      ['0000-01-01T00:00:00.000Z', randomUUID()],
      ['-000001-01-01T00:00:00.000Z', randomUUID()],
    ]) {
      const bad = Buffer.from(JSON.stringify(key)).toString('base64url')
      const res = await call()('GET', `/api/v1/leads?cursor=${bad}`, { auth: admin })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(res.body.code).toBe('invalid_cursor')
    }
  })
})
