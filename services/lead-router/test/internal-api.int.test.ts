import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newDatabase, startEventLog, startRouter, token, waitFor } from './harness.js'

type Router = Awaited<ReturnType<typeof startRouter>>
let router: Router

interface Lead {
  id: string
  status: string
  source: string
  ownerId: string | null
  departmentId: string | null
  createdAt: string
}
interface Page<T> {
  data: T[]
  nextCursor: string | null
}

async function call<T>(method: string, path: string, body?: unknown, auth = token) {
  const response = await fetch(`${router.url}/internal/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${auth}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: (text ? JSON.parse(text) : undefined) as T,
  }
}

const owner = randomUUID()
const leads: Lead[] = []

beforeAll(async () => {
  router = await startRouter({
    databaseUrl: await newDatabase(),
    contactsUrl: 'http://127.0.0.1:1',
    groupId: `lead-router-test-${randomUUID()}`,
  })
  // Leads as the consumer writes them, five minutes apart.
  for (let i = 0; i < 5; i++) {
    const lead = await router.db.lead.create({
      data: {
        sourceEventId: `test:${randomUUID()}`,
        source: i % 2 === 0 ? 'call' : 'website',
        contactId: randomUUID(),
        name: i === 3 ? 'Oliver Bennett' : `Person ${i}`,
        email: `person${i}@example.com`,
        phoneE164: `+4420794603${i}0`,
        ownerId: i < 2 ? owner : null,
        createdAt: new Date(Date.UTC(2025, 2, 14, 9, i * 5)),
      },
    })
    await router.db.slaTimer.create({ data: { leadId: lead.id, dueAt: new Date(Date.now() + 3_600_000) } })
    leads.push({ ...lead, createdAt: lead.createdAt.toISOString() })
  }
})

afterAll(async () => {
  await router?.app.stop()
})

describe('internal leads API', () => {
  it('refuses requests without the service token, as problem+json', async () => {
    const answer = await call<{ code: string }>('GET', '/leads', undefined, 'wrong-token-wrong-token')
    expect(answer.status).toBe(401)
    expect(answer.type).toContain('application/problem+json')
    const open = await fetch(`${router.url}/healthz`)
    expect(open.status).toBe(200)
  })

  it('lists newest first with an opaque cursor, and by filters', async () => {
    const first = await call<Page<Lead>>('GET', '/leads?limit=2')
    expect(first.body.data.map((l) => l.id)).toEqual([leads[4]?.id, leads[3]?.id])
    const second = await call<Page<Lead>>('GET', `/leads?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body.data.map((l) => l.id)).toEqual([leads[2]?.id, leads[1]?.id])
    const last = await call<Page<Lead>>('GET', `/leads?limit=2&cursor=${second.body.nextCursor}`)
    expect(last.body).toEqual({ data: [expect.objectContaining({ id: leads[0]?.id })], nextCursor: null })

    const byOwner = await call<Page<Lead>>('GET', `/leads?ownerId=${owner}&sort=createdAt`)
    expect(byOwner.body.data.map((l) => l.id)).toEqual([leads[0]?.id, leads[1]?.id])
    const bySource = await call<Page<Lead>>('GET', '/leads?source=website')
    expect(bySource.body.data).toHaveLength(2)
    const range = await call<Page<Lead>>(
      'GET',
      '/leads?createdFrom=2025-03-14T09:05:00Z&createdTo=2025-03-14T09:15:00Z',
    )
    expect(range.body.data.map((l) => l.id)).toEqual([leads[2]?.id, leads[1]?.id])
    const byName = await call<Page<Lead>>('GET', '/leads?q=bennett')
    expect(byName.body.data.map((l) => l.id)).toEqual([leads[3]?.id])
    const byPhone = await call<Page<Lead>>('GET', `/leads?q=${encodeURIComponent('020 7946 0320')}`)
    expect(byPhone.body.data.map((l) => l.id)).toEqual([leads[2]?.id])
  })

  it('answers the documented lead shape and nothing internal', async () => {
    const answer = await call<Record<string, unknown>>('GET', `/leads/${leads[0]?.id}`)
    expect(Object.keys(answer.body).sort()).toEqual(
      [
        'contactId',
        'createdAt',
        'departmentId',
        'email',
        'firstResponseAt',
        'id',
        'lastTouchAt',
        'name',
        'ownerId',
        'phoneE164',
        'slaDueAt',
        'source',
        'sourceEventId',
        'status',
        'version',
        'updatedAt',
      ].sort(),
    )
  })

  it('rejects bad input and unknown ids with problem+json', async () => {
    expect((await call('GET', '/leads?limit=500')).status).toBe(400)
    expect((await call('GET', '/leads?cursor=nonsense')).body).toMatchObject({
      code: 'invalid_cursor',
      status: 400,
    })
    expect((await call('GET', '/leads/not-a-uuid')).status).toBe(400)
    const missing = await call<{ code: string }>('GET', `/leads/${randomUUID()}`)
    expect(missing.status).toBe(404)
    expect(missing.type).toContain('application/problem+json')
  })

  it('validates status transitions; the first response stops the SLA', async () => {
    const id = leads[0]?.id ?? ''
    const skip = await call<{ code: string }>('PATCH', `/leads/${id}`, { status: 'won' })
    expect(skip.status).toBe(409)
    expect(skip.body.code).toBe('invalid_status_transition')
    const contacted = await call<Lead & { firstResponseAt: string }>('PATCH', `/leads/${id}`, {
      status: 'contacted',
    })
    expect(contacted.status).toBe(200)
    expect(contacted.body.firstResponseAt).toEqual(expect.any(String))
    expect((await router.db.slaTimer.findUniqueOrThrow({ where: { leadId: id } })).cancelledAt).not.toBeNull()
    for (const status of ['qualified', 'won'])
      expect((await call('PATCH', `/leads/${id}`, { status })).status).toBe(200)
    expect((await call('PATCH', `/leads/${id}`, { status: 'lost' })).status).toBe(409)
    const timeline = await call<Page<{ kind: string; details: { to: string } }>>(
      'GET',
      `/leads/${id}/timeline`,
    )
    expect(timeline.body.data.map((t) => t.details.to)).toEqual(['contacted', 'qualified', 'won'])
  })

  it('reassigns manually, to a person or to the next member of a department', async () => {
    const department = await call<{ id: string }>('POST', '/departments', {
      name: 'Support',
      timezone: 'Europe/Berlin',
      businessHours: { mon: [['09:00', '17:00']] },
    })
    expect(department.status).toBe(201)
    const member = randomUUID()
    await call('PUT', `/departments/${department.body.id}/members/${member}`, { active: true })
    const id = leads[4]?.id ?? ''
    const toDept = await call<Lead>('POST', `/leads/${id}/assign`, { departmentId: department.body.id })
    expect(toDept.body).toMatchObject({ ownerId: member, departmentId: department.body.id })
    const toPerson = await call<Lead>('POST', `/leads/${id}/assign`, { ownerId: owner })
    expect(toPerson.body.ownerId).toBe(owner)
    const assignments = await router.db.leadTouch.count({ where: { leadId: id, kind: 'assignment' } })
    expect(assignments).toBe(2)
    expect((await call('POST', `/leads/${id}/assign`, { departmentId: randomUUID() })).status).toBe(404)
  })
})

describe('internal configuration API', () => {
  it('manages lead sources with unique slugs', async () => {
    const created = await call<{ id: string; slaMinutes: number }>('POST', '/lead-sources', {
      slug: 'webinar',
      name: 'Webinar',
    })
    expect(created.status).toBe(201)
    expect(created.body.slaMinutes).toBe(240)
    expect((await call('POST', '/lead-sources', { slug: 'webinar', name: 'Again' })).status).toBe(409)
    const patched = await call<{ slaMinutes: number }>('PATCH', `/lead-sources/${created.body.id}`, {
      slaMinutes: 60,
    })
    expect(patched.body.slaMinutes).toBe(60)
    expect((await call('DELETE', `/lead-sources/${created.body.id}`)).status).toBe(204)
    expect((await call('GET', `/lead-sources/${created.body.id}`)).status).toBe(404)
  })

  it('validates routing rule matches and business hours', async () => {
    const bad = await call<{ errors: { field: string }[] }>('POST', '/routing-rules', {
      name: 'x',
      match: { country: 'Germany' },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]?.field).toBe('/match/country')
    const rule = await call<{ id: string }>('POST', '/routing-rules', {
      name: 'DE',
      match: { country: 'DE' },
      ownerId: owner,
    })
    expect(rule.status).toBe(201)
    const list = await call<Page<{ id: string }>>('GET', '/routing-rules')
    expect(list.body.data.map((r) => r.id)).toContain(rule.body.id)
    expect(
      (await call('POST', '/departments', { name: 'x', businessHours: { mon: [['9', '17']] } })).status,
    ).toBe(400)
    expect((await call('POST', '/departments', { name: 'x', timezone: 'Mars/Olympus' })).status).toBe(400)
  })
})

describe('republishing leads', () => {
  it('queues LeadChanged with the current state of every lead, for rebuilding read models', async () => {
    const log = await startEventLog()
    try {
      const all = await router.db.lead.findMany()
      const answer = await call<{ queued: number }>('POST', '/leads/republish')
      expect(answer).toMatchObject({ status: 200, body: { queued: all.length } })
      await router.app.flushOutbox()
      const changes = await waitFor(() => {
        const found = all.map((lead) =>
          log.changed.find((e) => e.leadId === lead.id && e.version === lead.version),
        )
        return found.every((e) => e !== undefined) ? found : undefined
      })
      for (const [i, lead] of all.entries()) {
        expect(changes[i]).toMatchObject({
          version: lead.version,
          status: lead.status,
          ownerId: lead.ownerId,
        })
      }
      expect((await call('POST', '/leads/republish', undefined, 'not-the-token')).status).toBe(401)
    } finally {
      await log.stop()
    }
  })
})
