import { randomUUID } from 'node:crypto'
import { callReceivedV1, fixtures, type CallReceivedV1 } from '@leadflow/contracts'
import { dlqTopicFor, encodeEvent, ensureTopics, startGroupAt } from '@leadflow/kafka'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newDatabase, startContacts, startRouter, testKafka, token, uniquePhone, waitFor } from './harness.js'

type Router = Awaited<ReturnType<typeof startRouter>>

const kafka = testKafka()
const topic = `test.lead-router.batch.${randomUUID()}`
const groupId = `lead-router-test-batch-${randomUUID()}`
const members = [randomUUID(), randomUUID()]
let contacts: Awaited<ReturnType<typeof startContacts>>
let databaseUrl: string
let router: Router | undefined
const raw = kafka.producer()

const start = async (): Promise<Router> =>
  (router = await startRouter({ databaseUrl, contactsUrl: contacts.url, groupId, callTopic: topic }))

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${router!.url}/internal/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return (await response.json()) as T
}

/** Appends calls to the topic's one partition, in this order: the router finds them as one backlog. */
async function backlog(calls: readonly CallReceivedV1[]): Promise<void> {
  const encoded = calls.map((call) => encodeEvent({ ...callReceivedV1, topic }, call))
  await raw.send({
    topic,
    acks: -1,
    messages: encoded.map((e) => ({ key: e.key, value: e.value, headers: e.headers, partition: 0 })),
  })
}

const call = (phone: string, minute = 0) =>
  fixtures.callReceived({
    callerE164: phone,
    callerRaw: phone,
    startedAt: new Date(Date.UTC(2025, 2, 14, 9, minute)),
  })

const touched = (ids: readonly string[]) => async () =>
  (await router!.db.leadTouch.count({ where: { sourceEventId: { in: [...ids] } } })) === new Set(ids).size

beforeAll(async () => {
  contacts = await startContacts()
  databaseUrl = await newDatabase()
  await ensureTopics(kafka, [{ topic, partitions: 1 }])
  // The group reads the topic from its start, as a backlog to drain.
  await startGroupAt(kafka, groupId, [topic], 'start')
  await raw.connect()
  await start()
  const sales = await api<{ id: string }>('POST', '/departments', { name: 'Sales' })
  for (const userId of members) await api('PUT', `/departments/${sales.id}/members/${userId}`, {})
  await api('POST', '/lead-sources', {
    slug: 'call',
    name: 'Calls',
    departmentId: sales.id,
    attachWindowMinutes: 240,
  })
})

afterAll(async () => {
  await router?.app.stop()
  await raw.disconnect()
  await contacts?.app.stop()
})

describe('draining a backlog in batches', () => {
  it('duplicates of each other and of existing leads make one lead per event; owners stay balanced', async () => {
    const existing = call(uniquePhone())
    await backlog([existing])
    await waitFor(touched([existing.eventId]), 30_000, 'the first lead')
    await router!.app.stop()

    const b = uniquePhone()
    const first = call(b, 1)
    const again = call(b, 30) // a second call within the window joins the lead opened just before
    const others = [uniquePhone(), uniquePhone(), uniquePhone(), uniquePhone()].map((p) => call(p, 2))
    const joins = call(existing.callerE164, 3) // joins the lead made before the restart
    const batch = [existing, first, first, again, ...others, existing, others[0]!, joins]
    await backlog(batch)
    const { db, metrics } = await start()
    await waitFor(touched(batch.map((c) => c.eventId)), 60_000, 'every call on a timeline')
    // All of it in batches: none failed over to one message at a time.
    const fallbacks = await metrics.registry.getSingleMetric('kafka_consumer_batch_fallbacks_total')?.get()
    expect(fallbacks?.values.reduce((sum, v) => sum + v.value, 0)).toBe(0)

    const ids = [existing, first, again, ...others, joins].map((c) => c.eventId)
    const touches = await db.leadTouch.findMany({ where: { sourceEventId: { in: ids } } })
    expect(touches).toHaveLength(ids.length)
    const leads = await db.lead.findMany({
      where: { sourceEventId: { in: ids } },
      include: { touches: true },
    })
    expect(leads.map((l) => l.sourceEventId).sort()).toEqual(
      [existing, first, ...others].map((c) => c.eventId).sort(),
    )
    const lead = leads.find((l) => l.sourceEventId === first.eventId)!
    expect(
      lead.touches
        .filter((t) => t.kind === 'call')
        .map((t) => t.sourceEventId)
        .sort(),
    ).toEqual([first.eventId, again.eventId].sort())
    expect(lead.lastTouchAt.toISOString()).toBe(again.startedAt.toISOString())
    const joined = leads.find((l) => l.sourceEventId === existing.eventId)!
    expect(joined.touches.map((t) => t.sourceEventId)).toContain(joins.eventId)
    expect([joined.lastTouchAt.toISOString(), joined.version]).toEqual([joins.startedAt.toISOString(), 2])
    for (const l of leads) {
      expect(l.touches.filter((t) => t.kind === 'assignment')).toHaveLength(1)
      expect(members).toContain(l.ownerId)
    }
    // Six leads for two members: counts include the leads assigned earlier in the same batch.
    const perOwner = members.map((m) => leads.filter((l) => l.ownerId === m).length)
    expect(perOwner).toEqual([3, 3])
  })

  it('a poison message in the middle of a batch goes to the DLQ alone; the rest gets its leads', async () => {
    await router!.app.stop()
    const good = [call(uniquePhone()), call(uniquePhone()), call(uniquePhone())]
    const nobody = fixtures.callReceived({ callerE164: '', callerRaw: '' })
    await backlog([good[0]!, nobody, good[1]!, good[2]!, good[0]!])
    const { db } = await start()
    await waitFor(touched(good.map((c) => c.eventId)), 60_000, 'the good calls')
    expect(await db.lead.count({ where: { sourceEventId: { in: good.map((c) => c.eventId) } } })).toBe(3)
    expect(await db.leadTouch.count({ where: { sourceEventId: nobody.eventId } })).toBe(0)

    const dlq = kafka.consumer({ groupId: `lead-router-test-dlq-${randomUUID()}` })
    const letters: string[] = []
    await dlq.connect()
    await dlq.subscribe({ topic: dlqTopicFor(groupId), fromBeginning: true })
    await dlq.run({
      eachMessage: ({ message }) => {
        letters.push(message.headers?.['event-id']?.toString() ?? '')
        return Promise.resolve()
      },
    })
    try {
      await waitFor(() => letters.includes(nobody.eventId), 30_000, 'the dead letter')
    } finally {
      await dlq.disconnect()
    }
    expect(letters).toEqual([nobody.eventId])
  })
})
