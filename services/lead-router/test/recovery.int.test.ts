import { randomUUID } from 'node:crypto'
import { callReceivedV1, fixtures } from '@leadflow/contracts'
import type { EventProducer } from '@leadflow/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProducer,
  newDatabase,
  startContacts,
  startEventLog,
  startRouter,
  testKafka,
  token,
  uniquePhone,
  waitFor,
  waitUntilConsuming,
} from './harness.js'

type Router = Awaited<ReturnType<typeof startRouter>>

const kafka = testKafka()
let contacts: Awaited<ReturnType<typeof startContacts>>
let log: Awaited<ReturnType<typeof startEventLog>>
let producer: EventProducer
let databaseUrl: string
const groupId = `lead-router-test-${randomUUID()}`
const members = [randomUUID(), randomUUID()]
const head = randomUUID()
let departmentId = ''
const running: Router[] = []

async function start(): Promise<Router> {
  const router = await startRouter({
    databaseUrl,
    contactsUrl: contacts.url,
    groupId,
    overrides: { SLA_CLAIM_SECONDS: '2' },
  })
  running.push(router)
  return router
}

async function stop(router: Router): Promise<void> {
  running.splice(running.indexOf(router), 1)
  await router.app.stop()
}

async function api<T>(router: Router, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${router.url}/internal/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await response.json()) as T
}

/** Routes one call through the given router and returns its lead. */
async function leadFor(router: Router) {
  const phone = uniquePhone()
  const call = fixtures.callReceived({ callerE164: phone, callerRaw: phone })
  const sent = await producer.send(callReceivedV1, call)
  const lead = await waitFor(() =>
    router.db.lead.findUnique({ where: { sourceEventId: call.eventId } }).then((l) => l ?? undefined),
  )
  return { lead, call, sent }
}

/** Makes a lead's SLA lapse now. */
const lapse = (router: Router, leadId: string) =>
  router.db.slaTimer.update({ where: { leadId }, data: { dueAt: new Date(Date.now() - 1_000) } })

beforeAll(async () => {
  contacts = await startContacts()
  databaseUrl = await newDatabase()
  producer = await createProducer(kafka)
  log = await startEventLog(kafka)
  const first = await start()
  departmentId = (
    await api<{ id: string }>(first, 'POST', '/departments', { name: 'Sales', headUserId: head })
  ).id
  for (const userId of members) await api(first, 'PUT', `/departments/${departmentId}/members/${userId}`, {})
  await api(first, 'POST', '/lead-sources', { slug: 'call', name: 'Calls', departmentId, slaMinutes: 30 })
  await waitUntilConsuming(producer, first.db)
})

afterAll(async () => {
  for (const router of [...running]) await stop(router)
  await log?.stop()
  await producer?.disconnect()
  await contacts?.app.stop()
})

describe('SLA escalation and crash recovery', () => {
  it('a lapsed SLA escalates once: reassigned to the other member, head notified', async () => {
    const [router] = running as [Router]
    const { lead } = await leadFor(router)
    expect(lead.slaDueAt?.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000)
    await lapse(router, lead.id)
    const escalation = await waitFor(() => log.escalated.find((e) => e.leadId === lead.id))
    expect(escalation).toMatchObject({
      action: 'reassign',
      fromOwnerId: lead.ownerId,
      toOwnerId: members.find((m) => m !== lead.ownerId),
      departmentId,
    })
    expect(escalation.notifyUserIds).toContain(head)
    expect((await router.db.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerId).toBe(
      escalation.toOwnerId,
    )
    const change = await waitFor(() => log.changed.find((e) => e.leadId === lead.id && e.version === 2))
    expect(change.ownerId).toBe(escalation.toOwnerId)
    await router.app.tickSla()
    await router.app.flushOutbox()
    expect(log.escalated.filter((e) => e.leadId === lead.id)).toHaveLength(1)
  })

  it('the first response stops the SLA: no escalation after a move out of new', async () => {
    const [router] = running as [Router]
    const { lead } = await leadFor(router)
    await api(router, 'PATCH', `/leads/${lead.id}`, { status: 'contacted' })
    await lapse(router, lead.id).catch(() => undefined)
    expect(await router.app.tickSla()).toBe(0)
    const timer = await router.db.slaTimer.findUniqueOrThrow({ where: { leadId: lead.id } })
    expect(timer.cancelledAt).not.toBeNull()
    expect(timer.firedAt).toBeNull()
  })

  it('with two replicas, each lapsed timer fires exactly once', async () => {
    const [first] = running as [Router]
    const leads: { id: string }[] = []
    for (let i = 0; i < 12; i++) leads.push((await leadFor(first)).lead)
    // The second replica shares the database and the consumer group.
    const second = await start()
    try {
      await first.db.slaTimer.updateMany({
        where: { leadId: { in: leads.map((l) => l.id) } },
        data: { dueAt: new Date(Date.now() - 1_000) },
      })
      await Promise.all([
        first.app.tickSla(),
        second.app.tickSla(),
        first.app.tickSla(),
        second.app.tickSla(),
      ])
      await waitFor(
        () => leads.every((l) => log.escalated.some((e) => e.leadId === l.id)),
        30_000,
        'all escalations',
      )
      await Promise.all([first.app.flushOutbox(), second.app.flushOutbox()])
      for (const lead of leads) {
        expect(log.escalated.filter((e) => e.leadId === lead.id)).toHaveLength(1)
        expect(await first.db.leadTouch.count({ where: { leadId: lead.id, kind: 'escalation' } })).toBe(1)
      }
    } finally {
      await stop(second)
    }
  })

  it('a timer lapsing while lead-router is down, or claimed by a replica that died, fires once after restart', async () => {
    const [router] = running as [Router]
    const down = (await leadFor(router)).lead
    const orphan = (await leadFor(router)).lead
    await stop(router)
    await router.db.slaTimer.update({
      where: { leadId: down.id },
      data: { dueAt: new Date(Date.now() - 1_000) },
    })
    // A replica claimed this one and died before firing: its 2-second lease must run out first.
    await router.db.slaTimer.update({
      where: { leadId: orphan.id },
      data: {
        dueAt: new Date(Date.now() - 1_000),
        claimedBy: 'lead-router:dead',
        claimedUntil: new Date(Date.now() + 2_000),
      },
    })
    const restarted = await start()
    await waitFor(
      () => log.escalated.some((e) => e.leadId === down.id),
      30_000,
      'the escalation after restart',
    )
    await waitFor(() => log.escalated.some((e) => e.leadId === orphan.id), 30_000, 'the orphaned timer')
    await restarted.app.flushOutbox()
    expect(log.escalated.filter((e) => e.leadId === down.id || e.leadId === orphan.id)).toHaveLength(2)
  })

  it('killed between the DB commit and the offset commit: the redelivered event changes nothing', async () => {
    const [router] = running as [Router]
    const { lead, call, sent } = await leadFor(router)
    await router.app.flushOutbox()
    await waitFor(() => log.created.some((e) => e.leadId === lead.id))
    await stop(router)
    // The offset commit "never happened": rewind the group to the already-handled event.
    const admin = kafka.admin()
    await admin.connect()
    try {
      // The group may still be settling after its last member left.
      await waitFor(
        () =>
          admin
            .setOffsets({
              groupId,
              topic: callReceivedV1.topic,
              partitions: [{ partition: sent.partition, offset: sent.offset }],
            })
            .then(() => true)
            .catch(() => false),
        30_000,
        'the group to be empty',
      )
    } finally {
      await admin.disconnect()
    }
    const restarted = await start()
    const marker = fixtures.callReceived({ callerE164: call.callerE164, callerRaw: call.callerRaw })
    await producer.send(callReceivedV1, marker)
    await waitFor(() =>
      restarted.db.leadTouch
        .findUnique({ where: { sourceEventId: marker.eventId } })
        .then((t) => t ?? undefined),
    )
    await restarted.app.flushOutbox()
    expect(await restarted.db.lead.count({ where: { phoneE164: call.callerE164 } })).toBe(1)
    expect(await restarted.db.leadTouch.count({ where: { sourceEventId: call.eventId } })).toBe(1)
    expect(log.created.filter((e) => e.sourceEventId === call.eventId)).toHaveLength(1)
  })
})
