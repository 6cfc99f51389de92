/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newDatabase, startContacts, startRouter, token } from '../../lead-router/test/harness.js'
import { apiKeyWith, expectRefused, userWithRole, type Caller } from './crm-callers.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'
import { parseCsv } from './csv.js'
import { mirrorLeads } from './lead-views-seed.js'

interface SeedLead {
  ownerId?: string | null
  departmentId?: string | null
  name?: string
  email?: string
  status?: string
  createdAt?: Date
}

describe('lead timeline, CSV export and list pagination through the gateway, backed by the real lead-router', () => {
  let gw: Gateway
  let contacts: Awaited<ReturnType<typeof startContacts>>
  let router: Awaited<ReturnType<typeof startRouter>>
  let admin: string
  const sales = randomUUID()
  const support = randomUUID()
  let head: Caller
  let otherHead: Caller
  let agent: Caller
  let otherAgent: Caller
  let readonly: Caller
  const call = () => client(gw.url)

  /**
   * Leads written straight into lead-router's schema, as its consumers would have created them,
   * and into the gateway's read model, as their LeadChanged events would have.
   */
  async function seed(leads: SeedLead[]): Promise<string[]> {
    const rows = leads.map((lead) => ({
      id: randomUUID(),
      sourceEventId: `test:${randomUUID()}`,
      source: 'website',
      status: lead.status ?? 'new',
      ownerId: lead.ownerId ?? null,
      departmentId: lead.departmentId ?? null,
      name: lead.name ?? 'Test lead',
      email: lead.email ?? `lead-${randomUUID()}@example.com`,
      ...(lead.createdAt ? { createdAt: lead.createdAt } : {}),
    }))
    await mirrorLeads(gw.config.DATABASE_URL, await router.db.lead.createManyAndReturn({ data: rows }))
    return rows.map((row) => row.id)
  }

  async function exportCsv(auth: string, query = '') {
    const response = await fetch(`${gw.url}/api/v1/leads/export.csv${query}`, {
      headers: { authorization: auth },
    })
    const text = await response.text()
    const problem = response.status === 200 ? null : (JSON.parse(text) as { code: string })
    return { response, rows: problem ? [] : parseCsv(text), problem }
  }

  beforeAll(async () => {
    contacts = await startContacts()
    router = await startRouter({
      databaseUrl: await newDatabase(),
      contactsUrl: contacts.url,
      groupId: `gateway-crm-test-${randomUUID()}`,
    })
    gw = await startGateway({ LEAD_ROUTER_URL: router.url, INTERNAL_API_TOKEN: token })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    head = await userWithRole(gw.url, admin, 'head', sales)
    otherHead = await userWithRole(gw.url, admin, 'head', support)
    agent = await userWithRole(gw.url, admin, 'agent', sales)
    otherAgent = await userWithRole(gw.url, admin, 'agent', sales)
    readonly = await userWithRole(gw.url, admin, 'readonly')
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await router?.app.stop()
    await contacts?.app.stop()
  })

  it('a timeline is shown only to those who may see its lead', async () => {
    const [id] = await seed([{ ownerId: agent.id, departmentId: sales }])
    await router.db.leadTouch.createMany({
      data: [
        {
          leadId: id!,
          kind: 'call',
          sourceEventId: `t:${randomUUID()}`,
          occurredAt: new Date(Date.now() - 60_000),
        },
        {
          leadId: id!,
          kind: 'note',
          sourceEventId: `t:${randomUUID()}`,
          occurredAt: new Date(),
          details: { text: 'called back' },
        },
      ],
    })
    const path = `/api/v1/leads/${id!}/timeline`
    const own = await call()('GET', path, { auth: agent.auth })
    expect(own.status).toBe(200)
    expect((own.body.data as { kind: string }[]).map((t) => t.kind)).toEqual(['call', 'note'])
    expect(own.body.data[1].details).toEqual({ text: 'called back' })
    expect(own.body.data[0]).not.toHaveProperty('sourceEventId')
    for (const auth of [head.auth, readonly.auth, admin, await apiKeyWith(gw.url, admin, 'leads:read')])
      expect((await call()('GET', path, { auth })).status).toBe(200)
    // Anyone else gets the same answer as for a lead that does not exist.
    for (const auth of [otherAgent.auth, otherHead.auth, await apiKeyWith(gw.url, admin, 'leads:submit')])
      expectRefused(await call()('GET', path, { auth }), 404, 'not_found')
    expectRefused(
      await call()('GET', `/api/v1/leads/${randomUUID()}/timeline`, { auth: admin }),
      404,
      'lead_not_found',
    )
    expectRefused(await call()('GET', path), 401, 'missing_credentials')
  })

  it('the CSV export holds each caller to their leads and cannot smuggle formulas into a spreadsheet', async () => {
    const formula = '=HYPERLINK("http://evil.example","click")'
    const [mine, departments, foreign] = await seed([
      { ownerId: agent.id, departmentId: sales, name: formula, email: '@SUM(1+1)@example.com' },
      { ownerId: null, departmentId: sales, name: 'Patel, "Priya"\nsecond line' },
      { ownerId: randomUUID(), departmentId: support, name: '-1+2', status: 'won' },
    ])

    const { response, rows } = await exportCsv(agent.auth)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="leads-.*\.csv"$/)
    const [header, ...body] = rows
    expect(header?.slice(0, 4)).toEqual(['id', 'status', 'source', 'name'])
    const column = (name: string) => header!.indexOf(name)
    expect(body.map((r) => r[0])).toContain(mine)
    expect(body.every((r) => r[column('ownerId')] === agent.id)).toBe(true)
    const row = body.find((r) => r[0] === mine)!
    expect(row[column('name')]).toBe(`'${formula}`)
    expect(row[column('email')]).toBe("'@SUM(1+1)@example.com")

    const headRows = (await exportCsv(head.auth)).rows.slice(1)
    expect(headRows.map((r) => r[0])).toEqual(expect.arrayContaining([mine, departments]))
    expect(headRows.map((r) => r[0])).not.toContain(foreign)
    expect(headRows.every((r) => r[column('departmentId')] === sales)).toBe(true)
    expect(headRows.find((r) => r[0] === departments)?.[column('name')]).toBe('Patel, "Priya"\nsecond line')

    const won = (await exportCsv(admin, '?status=won')).rows.slice(1)
    expect(won.map((r) => r[0])).toContain(foreign)
    expect(won.find((r) => r[0] === foreign)?.[column('name')]).toBe("'-1+2")
    expect(won.every((r) => r[column('status')] === 'won')).toBe(true)

    const probe = await exportCsv(agent.auth, `?ownerId=${otherAgent.id}`)
    expect(probe.response.status).toBe(403)
    expect(probe.response.headers.get('content-type')).toContain('application/problem+json')
    expect(probe.problem?.code).toBe('insufficient_role')
    const submitOnly = await exportCsv(await apiKeyWith(gw.url, admin, 'leads:submit'))
    expect({ status: submitOnly.response.status, code: submitOnly.problem?.code }).toEqual({
      status: 403,
      code: 'insufficient_role',
    })
    const bad = await exportCsv(admin, '?status=maybe')
    expect({ status: bad.response.status, code: bad.problem?.code }).toEqual({
      status: 400,
      code: 'validation_failed',
    })
  })

  it('the export streams every page of a large result', async () => {
    const owner = await userWithRole(gw.url, admin, 'agent', sales)
    const ids = await seed(Array.from({ length: 450 }, () => ({ ownerId: owner.id, departmentId: sales })))
    const { response, rows: lines } = await exportCsv(owner.auth)
    // Written as lead-router is paged: chunked, with no length known up front.
    expect(response.headers.get('transfer-encoding')).toBe('chunked')
    const rows = lines.slice(1)
    expect(rows.length).toBe(450)
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(ids))
  })

  it.each(['-createdAt', 'createdAt'])(
    'paging (sort %s) while leads are inserted never shows a lead twice and misses none that existed',
    async (sort) => {
      const owner = await userWithRole(gw.url, admin, 'agent', sales)
      // Many leads share a creation instant: the cursor must break ties by id.
      const base = Date.now() - 3_600_000
      const existing = await seed(
        Array.from({ length: 240 }, (_, i) => ({
          ownerId: owner.id,
          createdAt: new Date(base + Math.floor(i / 8) * 1000),
        })),
      )
      let inserting = true
      const inserter = (async () => {
        for (let batch = 0; inserting && batch < 20; batch++)
          await seed(Array.from({ length: 5 }, () => ({ ownerId: owner.id })))
      })()
      const seen: string[] = []
      try {
        let cursor: string | null = null
        do {
          const query: string = `?limit=25&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`
          const res = await call()('GET', `/api/v1/leads${query}`, { auth: owner.auth })
          expect(res.status).toBe(200)
          seen.push(...(res.body.data as { id: string }[]).map((l) => l.id))
          await seed([{ ownerId: owner.id }, { ownerId: owner.id, createdAt: new Date() }])
          cursor = res.body.nextCursor as string | null
        } while (cursor)
      } finally {
        inserting = false
        await inserter
      }
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen).toEqual(expect.arrayContaining(existing))
    },
  )
})
