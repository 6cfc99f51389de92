/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createProducer,
  newDatabase,
  startContacts,
  startRouter,
  testKafka,
  token,
  uniquePhone,
  waitFor,
  waitUntilConsuming,
} from '../../lead-router/test/harness.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'

type Started = { app: { stop(): Promise<void> } }

describe('leads through the gateway, backed by the real lead-router and contacts services', () => {
  let gw: Gateway
  let contacts: Started & { url: string }
  let router: Awaited<ReturnType<typeof startRouter>>
  let admin: string
  const call = () => client(gw.url)

  async function userToken(role: string, departmentId?: string) {
    const email = `${role}-${randomUUID()}@leadflow.test`
    const password = 'Role-password-123'
    const res = await call()('POST', '/api/v1/users', {
      auth: admin,
      body: { email, name: role, password, role, ...(departmentId ? { departmentId } : {}) },
    })
    expect(res.status).toBe(201)
    return `Bearer ${(await login(call(), email, password)).accessToken}`
  }

  beforeAll(async () => {
    contacts = await startContacts()
    router = await startRouter({
      databaseUrl: await newDatabase(),
      contactsUrl: contacts.url,
      groupId: `gateway-leads-test-${randomUUID()}`,
    })
    const producer = await createProducer(testKafka())
    await waitUntilConsuming(producer, router.db)
    await producer.disconnect()
    gw = await startGateway({ LEAD_ROUTER_URL: router.url, INTERNAL_API_TOKEN: token })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await router?.app.stop()
    await contacts?.app.stop()
  })

  it('a lead submitted with an API key appears in the list; each role sees and edits only what it may', async () => {
    const keyRes = await call()('POST', '/api/v1/api-keys', {
      auth: admin,
      body: { name: 'site', scopes: ['leads:submit'] },
    })
    const phone = uniquePhone()
    const submitted = await call()('POST', '/api/v1/leads', {
      auth: `ApiKey ${keyRes.body.key as string}`,
      body: { name: 'Priya Patel', phone, email: `priya-${randomUUID()}@example.com`, source: 'website' },
    })
    expect(submitted.status).toBe(202)

    // The phone typed in another format finds it.
    const national = `0${phone.slice(3, 7)} ${phone.slice(7)}`
    const lead = await waitFor(
      async () => {
        const res = await call()('GET', `/api/v1/leads?q=${encodeURIComponent(national)}`, { auth: admin })
        return (res.body?.data as { phoneE164: string }[] | undefined)?.find((l) => l.phoneE164 === phone)
      },
      90_000,
      'the submitted lead in the list',
    )
    expect(lead).toMatchObject({ name: 'Priya Patel', status: 'new' })
    const id = (lead as unknown as { id: string }).id
    expect(lead).not.toHaveProperty('sourceEventId')

    const agent = await userToken('agent')
    const mine = await call()('GET', '/api/v1/leads?limit=200', { auth: agent })
    expect(mine.status).toBe(200)
    expect((mine.body.data as { id: string }[]).map((l) => l.id)).not.toContain(id)
    expect((await call()('GET', `/api/v1/leads/${id}`, { auth: agent })).status).toBe(404)
    expect((await call()('GET', `/api/v1/leads?ownerId=${randomUUID()}`, { auth: agent })).status).toBe(403)
    expect(
      (await call()('PATCH', `/api/v1/leads/${id}`, { auth: agent, body: { status: 'contacted' } })).status,
    ).toBe(404)

    const headWithoutDepartment = await userToken('head')
    expect((await call()('GET', '/api/v1/leads', { auth: headWithoutDepartment })).status).toBe(403)

    const readonly = await userToken('readonly')
    expect((await call()('GET', `/api/v1/leads/${id}`, { auth: readonly })).status).toBe(200)
    const refused = await call()('PATCH', `/api/v1/leads/${id}`, {
      auth: readonly,
      body: { status: 'contacted' },
    })
    expect(refused.status).toBe(403)

    const patched = await call()('PATCH', `/api/v1/leads/${id}`, {
      auth: admin,
      body: { status: 'contacted' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.status).toBe('contacted')
    // Read your writes: the list, read from the gateway's own model, shows the change at once.
    const listed = await call()('GET', `/api/v1/leads?status=contacted&q=${encodeURIComponent(phone)}`, {
      auth: admin,
    })
    expect((listed.body.data as { id: string; status: string }[]).map((l) => [l.id, l.status])).toEqual([
      [id, 'contacted'],
    ])
    const audit = await call()('GET', `/api/v1/audit-log?targetId=${id}`, { auth: admin })
    expect(audit.body.data[0]).toMatchObject({
      action: 'lead.update',
      before: { status: 'new' },
      after: { status: 'contacted' },
    })
    // lead-router's own rules still apply (no going back to new), passed through as problem+json.
    const back = await call()('PATCH', `/api/v1/leads/${id}`, { auth: admin, body: { status: 'new' } })
    expect(back.status).toBeGreaterThanOrEqual(400)
    expect(back.status).toBeLessThan(500)
  }, 150_000)

  it('answers 503 without internals when lead-router is unreachable; the list, read locally, still answers', async () => {
    const down = await startGateway({ LEAD_ROUTER_URL: 'http://127.0.0.1:1', INTERNAL_API_TOKEN: token })
    try {
      const auth = `Bearer ${(await login(client(down.url), down.adminEmail)).accessToken}`
      expect((await client(down.url)('GET', '/api/v1/leads', { auth })).status).toBe(200)
      const res = await client(down.url)('GET', `/api/v1/leads/${randomUUID()}`, { auth })
      expect(res.status).toBe(503)
      expect(res.body.code).toBe('unavailable')
      expect(JSON.stringify(res.body)).not.toContain('127.0.0.1:1')
    } finally {
      await down.stop()
    }
  })
})
