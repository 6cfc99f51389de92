import { randomUUID } from 'node:crypto'
import {
  callReceivedV1,
  emailReceivedV1,
  fixtures,
  leadSubmittedV1,
  paymentReceivedV1,
} from '@leadflow/contracts'
import { dlqTopicFor, type EventProducer } from '@leadflow/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PrismaClient } from '../src/generated/prisma/client.js'
import {
  createProducer,
  newDatabase,
  startContacts,
  startContactsProxy,
  startEventLog,
  startRouter,
  testKafka,
  token,
  uniquePhone,
  waitFor,
  waitUntilConsuming,
} from './harness.js'

const kafka = testKafka()
let contacts: Awaited<ReturnType<typeof startContacts>>
let proxy: Awaited<ReturnType<typeof startContactsProxy>>
let router: Awaited<ReturnType<typeof startRouter>>
let log: Awaited<ReturnType<typeof startEventLog>>
let producer: EventProducer
let db: PrismaClient
const groupId = `lead-router-test-${randomUUID()}`
const sales = { id: '', members: [randomUUID(), randomUUID()] }
const support = { id: '', members: [randomUUID()] }

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${router.url}/internal/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T }
}

const leadsOf = (phoneE164: string) => db.lead.findMany({ where: { phoneE164 }, include: { touches: true } })

beforeAll(async () => {
  contacts = await startContacts()
  proxy = await startContactsProxy(contacts.url)
  router = await startRouter({ databaseUrl: await newDatabase(), contactsUrl: proxy.url, groupId })
  db = router.db
  producer = await createProducer(kafka)
  log = await startEventLog(kafka)
  // Calls go to sales; e-mails to support by a rule on kind.
  sales.id = (await api<{ id: string }>('POST', '/departments', { name: 'Sales' })).body.id
  support.id = (await api<{ id: string }>('POST', '/departments', { name: 'Support' })).body.id
  for (const dept of [sales, support])
    for (const userId of dept.members) await api('PUT', `/departments/${dept.id}/members/${userId}`, {})
  await api('POST', '/lead-sources', {
    slug: 'call',
    name: 'Phone calls',
    departmentId: sales.id,
    attachWindowMinutes: 240,
  })
  await api('POST', '/routing-rules', {
    name: 'mail to support',
    priority: 10,
    match: { kinds: ['email'] },
    departmentId: support.id,
  })
  await waitUntilConsuming(producer, db)
})

afterAll(async () => {
  await log?.stop()
  await producer?.disconnect()
  await router?.app.stop()
  await proxy?.close()
  await contacts?.app.stop()
})

describe('routing inbound touches (real Kafka, Postgres and contacts)', () => {
  it('the same CallReceived delivered twice makes one lead, one touch and one LeadCreated', async () => {
    const phone = uniquePhone()
    const call = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    await producer.send(callReceivedV1, call)
    await producer.send(callReceivedV1, call)
    const lead = await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: call.eventId } }).then((l) => l ?? undefined),
    )
    // A marker call after the duplicate proves the duplicate was consumed (same key, same partition).
    const marker = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    await producer.send(callReceivedV1, marker)
    await waitFor(() =>
      db.leadTouch.findUnique({ where: { sourceEventId: marker.eventId } }).then((t) => t ?? undefined),
    )
    await router.app.flushOutbox()
    await waitFor(() => log.assigned.some((e) => e.leadId === lead.id))
    expect(await leadsOf(phone)).toHaveLength(1)
    expect(log.created.filter((e) => e.sourceEventId === call.eventId)).toHaveLength(1)
    expect(await db.leadTouch.count({ where: { sourceEventId: call.eventId } })).toBe(1)
  })

  it('publishes every change to a lead as LeadChanged with its whole state, numbered by version', async () => {
    const phone = uniquePhone()
    const first = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    await producer.send(callReceivedV1, first)
    const lead = await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: first.eventId } }).then((l) => l ?? undefined),
    )
    const again = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    await producer.send(callReceivedV1, again) // joins the open lead: a new touch time
    await waitFor(() =>
      db.leadTouch.findUnique({ where: { sourceEventId: again.eventId } }).then((t) => t ?? undefined),
    )
    expect((await api('PATCH', `/leads/${lead.id}`, { status: 'contacted' })).status).toBe(200)
    const owner = randomUUID()
    expect(
      (await api('POST', `/leads/${lead.id}/assign`, { ownerId: owner, departmentId: null })).status,
    ).toBe(200)

    const changes = await waitFor(() => {
      const mine = log.changed.filter((e) => e.leadId === lead.id)
      return mine.length === 4 ? mine : undefined
    })
    expect(changes.map((e) => e.version)).toEqual([1, 2, 3, 4])
    expect(new Set(changes.map((e) => e.eventId)).size).toBe(4)
    expect(changes[0]).toMatchObject({ status: 'new', ownerId: lead.ownerId, phoneE164: phone })
    expect(changes[2]).toMatchObject({ status: 'contacted', ownerId: lead.ownerId })
    expect(changes[2]?.firstResponseAt).toBeInstanceOf(Date)
    const now = await db.lead.findUniqueOrThrow({ where: { id: lead.id } })
    expect(changes[3]).toEqual({
      leadId: now.id,
      eventId: `lead-router:changed:${now.id}:4`,
      version: 4,
      source: now.source,
      status: 'contacted',
      contactId: now.contactId,
      phoneE164: phone,
      email: now.email,
      name: now.name,
      ownerId: owner,
      departmentId: null,
      slaDueAt: now.slaDueAt,
      firstResponseAt: now.firstResponseAt,
      createdAt: now.createdAt,
      updatedAt: now.updatedAt,
    })
    expect(now.version).toBe(4)
  })

  it('two different callers make two leads, each owned by a member of the source department', async () => {
    const [a, b] = [uniquePhone(), uniquePhone()]
    await producer.send(callReceivedV1, fixtures.callReceived({ callerE164: a, callerRaw: a }))
    await producer.send(callReceivedV1, fixtures.callReceived({ callerE164: b, callerRaw: b }))
    const leads = await waitFor(async () => {
      const found = await db.lead.findMany({ where: { phoneE164: { in: [a, b] } } })
      return found.length === 2 ? found : undefined
    })
    expect(new Set(leads.map((l) => l.contactId)).size).toBe(2)
    for (const lead of leads) {
      expect(lead.departmentId).toBe(sales.id)
      expect(sales.members).toContain(lead.ownerId)
      expect(lead.slaDueAt).not.toBeNull()
    }
    await waitFor(() => leads.every((l) => log.created.some((e) => e.leadId === l.id)))
    // LeadAssigned is another topic: it may arrive before or after LeadCreated.
    await waitFor(() => leads.every((l) => log.assigned.some((e) => e.leadId === l.id)))
    const assigned = log.assigned.filter((e) => leads.some((l) => l.id === e.leadId))
    expect(assigned.map((e) => e.reason)).toEqual(['round_robin', 'round_robin'])
  })

  it('a call and an e-mail from the same person resolve to one contact', async () => {
    const phone = uniquePhone()
    const email = `p-${randomUUID()}@example.com`
    const form = fixtures.leadSubmitted({
      phoneE164: phone,
      phoneRaw: phone,
      email,
      source: 'website-contact-form',
    })
    await producer.send(leadSubmittedV1, form)
    const formLead = await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: form.eventId } }).then((l) => l ?? undefined),
    )
    const call = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    const mail = fixtures.emailReceived({ fromAddress: email.toUpperCase() })
    await producer.send(callReceivedV1, call)
    await producer.send(emailReceivedV1, mail)
    const touches = await waitFor(async () => {
      const found = await db.leadTouch.findMany({
        where: { sourceEventId: { in: [call.eventId, mail.eventId] } },
        include: { lead: true },
      })
      return found.length === 2 ? found : undefined
    })
    expect(touches.map((t) => t.lead.contactId)).toEqual([formLead.contactId, formLead.contactId])
  })

  it('a second call within the window is a timeline entry on the existing lead', async () => {
    const phone = uniquePhone()
    const first = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    const second = fixtures.callReceived({
      callerE164: phone,
      callerRaw: phone,
      startedAt: new Date(first.startedAt.getTime() + 60 * 60_000),
      durationSec: 95,
      disposition: 'answered',
      recordingId: 'rec-42',
    })
    await producer.send(callReceivedV1, first)
    await producer.send(callReceivedV1, second)
    const touch = await waitFor(() =>
      db.leadTouch.findUnique({ where: { sourceEventId: second.eventId } }).then((t) => t ?? undefined),
    )
    const leads = await leadsOf(phone)
    expect(leads).toHaveLength(1)
    expect(touch.leadId).toBe(leads[0]?.id)
    const timeline = await api<{ data: { kind: string; details: Record<string, unknown> }[] }>(
      'GET',
      `/leads/${touch.leadId}/timeline`,
    )
    expect(timeline.body.data.map((t) => t.kind)).toEqual(['call', 'call', 'assignment'])
    expect(timeline.body.data[1]?.details).toMatchObject({
      durationSec: 95,
      disposition: 'answered',
      recordingId: 'rec-42',
    })

    // Outside the source's 4-hour window, the same caller opens a new lead.
    const later = fixtures.callReceived({
      callerE164: phone,
      callerRaw: phone,
      startedAt: new Date(first.startedAt.getTime() + 6 * 3_600_000),
    })
    await producer.send(callReceivedV1, later)
    await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: later.eventId } }).then((l) => l ?? undefined),
    )
  })

  it('routes by rule: an e-mail goes to the support department', async () => {
    const mail = fixtures.emailReceived({ fromAddress: `r-${randomUUID()}@example.com` })
    await producer.send(emailReceivedV1, mail)
    const lead = await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: mail.eventId } }).then((l) => l ?? undefined),
    )
    expect(lead).toMatchObject({ departmentId: support.id, ownerId: support.members[0], source: 'email' })
    await waitFor(() => log.assigned.find((e) => e.leadId === lead.id && e.reason === 'rule'))
  })

  it('a payment marks the open lead won', async () => {
    const email = `w-${randomUUID()}@example.com`
    const form = fixtures.leadSubmitted({ email, phoneE164: null, phoneRaw: null })
    await producer.send(leadSubmittedV1, form)
    const lead = await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: form.eventId } }).then((l) => l ?? undefined),
    )
    expect(lead.ownerId).toBeNull() // its source has no department: the unassigned queue
    const payment = fixtures.paymentReceived({ customerEmail: email, customerPhoneE164: null })
    await producer.send(paymentReceivedV1, payment)
    await waitFor(async () => (await db.lead.findUnique({ where: { id: lead.id } }))?.status === 'won')
    const timer = await db.slaTimer.findUniqueOrThrow({ where: { leadId: lead.id } })
    expect(timer.cancelledAt).toBeInstanceOf(Date)
    await waitFor(() => log.assigned.find((e) => e.leadId === lead.id && e.reason === 'unassigned'))
  })

  it("a contact merge in contacts re-points the absorbed contact's leads", async () => {
    const [a, b] = [uniquePhone(), uniquePhone()]
    const callA = fixtures.callReceived({ callerE164: a, callerRaw: a })
    const callB = fixtures.callReceived({ callerE164: b, callerRaw: b })
    await producer.send(callReceivedV1, callA)
    await producer.send(callReceivedV1, callB)
    const leadOf = (eventId: string) =>
      waitFor(() => db.lead.findUnique({ where: { sourceEventId: eventId } }).then((l) => l ?? undefined))
    const [leadA, leadB] = [await leadOf(callA.eventId), await leadOf(callB.eventId)]
    const merged = await fetch(`${contacts.url}/internal/v1/contacts/merge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keepId: leadA.contactId, mergeId: leadB.contactId }),
    })
    expect(merged.status).toBe(200)
    await contacts.app.outbox.flush()
    await waitFor(
      async () => (await db.lead.findUnique({ where: { id: leadB.id } }))?.contactId === leadA.contactId,
      20_000,
      'the lead to follow the merge',
    )
    const change = await waitFor(() =>
      log.changed.find((e) => e.leadId === leadB.id && e.contactId === leadA.contactId),
    )
    expect(change.version).toBe(2)
  })

  it('a malformed event goes to the DLQ and consumption goes on', async () => {
    const raw = kafka.producer()
    await raw.connect()
    const badId = `bad-${randomUUID()}`
    await raw.send({
      topic: callReceivedV1.topic,
      messages: [{ key: badId, value: Buffer.from('not avro'), headers: { 'event-id': badId } }],
    })
    await raw.disconnect()
    const nobody = fixtures.paymentReceived({ customerEmail: null, customerPhoneE164: null })
    await producer.send(paymentReceivedV1, nobody)
    const phone = uniquePhone()
    const after = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    await producer.send(callReceivedV1, after)
    await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: after.eventId } }).then((l) => l ?? undefined),
    )

    const dlq = kafka.consumer({ groupId: `lead-router-test-dlq-${randomUUID()}` })
    const seen = new Set<string>()
    await dlq.connect()
    await dlq.subscribe({ topic: dlqTopicFor(groupId), fromBeginning: true })
    await dlq.run({
      eachMessage: ({ message }) => {
        seen.add(message.headers?.['event-id']?.toString() ?? '')
        return Promise.resolve()
      },
    })
    try {
      await waitFor(() => seen.has(badId) && seen.has(nobody.eventId), 30_000, 'both dead letters')
    } finally {
      await dlq.disconnect()
    }
    expect(await db.lead.count({ where: { sourceEventId: nobody.eventId } })).toBe(0)
  })

  it('waits out a contacts outage without losing or dead-lettering the event', async () => {
    proxy.state.down = true
    const phone = uniquePhone()
    const call = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
    try {
      await producer.send(callReceivedV1, call)
      await waitFor(() => proxy.state.refused >= 3, 20_000, 'resolve retries')
      expect(await db.lead.count({ where: { sourceEventId: call.eventId } })).toBe(0)
    } finally {
      proxy.state.down = false
    }
    await waitFor(() =>
      db.lead.findUnique({ where: { sourceEventId: call.eventId } }).then((l) => l ?? undefined),
    )
  })
})
