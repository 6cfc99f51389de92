/* eslint-disable @typescript-eslint/no-unsafe-member-access -- assertions read answers as untyped JSON */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startContacts, token, uniquePhone } from '../../lead-router/test/harness.js'
import { apiKeyWith, expectRefused, userWithRole, type Caller } from './crm-callers.js'
import { client, login, startGateway, type Gateway } from './gateway-harness.js'

describe('contacts and companies through the gateway, backed by the real contacts service', () => {
  let gw: Gateway
  let contacts: Awaited<ReturnType<typeof startContacts>>
  let admin: string
  let head: Caller
  let agent: Caller
  let readonly: Caller
  const call = () => client(gw.url)

  /** A UK mobile written the way people type it, and its E.164 form. */
  function ukMobile() {
    const e164 = uniquePhone()
    return { e164, national: `0${e164.slice(3, 7)} ${e164.slice(7, 10)} ${e164.slice(10)}` }
  }

  async function auditOf(targetId: string) {
    const res = await call()('GET', `/api/v1/audit-log?targetId=${targetId}`, { auth: admin })
    return res.body.data as { action: string; actorId: string; before: unknown; after: unknown }[]
  }

  beforeAll(async () => {
    contacts = await startContacts()
    gw = await startGateway({ CONTACTS_URL: contacts.url, INTERNAL_API_TOKEN: token })
    admin = `Bearer ${(await login(call(), gw.adminEmail)).accessToken}`
    head = await userWithRole(gw.url, admin, 'head', randomUUID())
    agent = await userWithRole(gw.url, admin, 'agent')
    readonly = await userWithRole(gw.url, admin, 'readonly')
  }, 120_000)
  afterAll(async () => {
    await gw?.stop()
    await contacts?.app.stop()
  })

  it('an agent creates and edits a contact found by a phone typed in another format; read-only users only read', async () => {
    const phone = ukMobile()
    const created = await call()('POST', '/api/v1/contacts', {
      auth: agent.auth,
      body: { name: 'Priya Patel', phone: phone.national, defaultRegion: 'GB', email: 'Priya@Example.com' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      phoneE164: phone.e164,
      email: 'priya@example.com',
      phoneValid: true,
    })
    expect(created.body).not.toHaveProperty('deletedAt')
    const id = created.body.id as string

    const spaced = `+44 ${phone.e164.slice(3, 7)} ${phone.e164.slice(7)}`
    const found = await call()('GET', `/api/v1/contacts?q=${encodeURIComponent(spaced)}`, {
      auth: readonly.auth,
    })
    expect(found.status).toBe(200)
    expect((found.body.data as { id: string }[]).map((c) => c.id)).toEqual([id])

    expectRefused(
      await call()('POST', '/api/v1/contacts', { auth: readonly.auth, body: { name: 'Nope' } }),
      403,
      'insufficient_role',
    )
    expectRefused(
      await call()('PATCH', `/api/v1/contacts/${id}`, { auth: readonly.auth, body: { name: 'Nope' } }),
      403,
      'insufficient_role',
    )
    expectRefused(await call()('GET', `/api/v1/contacts/${id}`), 401, 'missing_credentials')

    const edited = await call()('PATCH', `/api/v1/contacts/${id}`, {
      auth: agent.auth,
      body: { name: 'Priya K. Patel' },
    })
    expect(edited.status).toBe(200)
    expect(edited.body.name).toBe('Priya K. Patel')
    expect((await call()('GET', `/api/v1/contacts/${id}`, { auth: readonly.auth })).body.name).toBe(
      'Priya K. Patel',
    )
    const entries = await auditOf(id)
    expect(entries.map((e) => e.action)).toEqual(['contact.update', 'contact.create'])
    expect(entries[0]).toMatchObject({
      actorId: agent.id,
      before: { name: 'Priya Patel' },
      after: { name: 'Priya K. Patel' },
    })

    // A phone another contact holds is refused with the contacts service's stable code.
    const clash = await call()('POST', '/api/v1/contacts', { auth: agent.auth, body: { phone: phone.e164 } })
    expectRefused(clash, 409, 'contact_conflict')
  })

  it('only admins and heads delete, restore and merge; a deleted contact is gone until restored', async () => {
    const make = async (name: string, email: string) =>
      (await call()('POST', '/api/v1/contacts', { auth: agent.auth, body: { name, email } })).body
        .id as string
    const keep = await make('Omar Haddad', `omar-${randomUUID()}@haddad-trading.example`)
    const other = await make('O. Haddad', `o.haddad-${randomUUID()}@example.org`)

    expectRefused(
      await call()('DELETE', `/api/v1/contacts/${keep}`, { auth: agent.auth }),
      403,
      'insufficient_role',
    )
    expectRefused(
      await call()('POST', `/api/v1/contacts/${keep}/merge`, { auth: agent.auth, body: { mergeId: other } }),
      403,
      'insufficient_role',
    )

    expect((await call()('DELETE', `/api/v1/contacts/${other}`, { auth: head.auth })).status).toBe(204)
    expectRefused(
      await call()('GET', `/api/v1/contacts/${other}`, { auth: agent.auth }),
      404,
      'contact_not_found',
    )
    const restored = await call()('POST', `/api/v1/contacts/${other}/restore`, { auth: head.auth })
    expect(restored.status).toBe(200)
    expect((await call()('GET', `/api/v1/contacts/${other}`, { auth: agent.auth })).status).toBe(200)

    const merged = await call()('POST', `/api/v1/contacts/${keep}/merge`, {
      auth: admin,
      body: { mergeId: other },
    })
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ id: keep, name: 'Omar Haddad' })
    const absorbed = await call()('GET', `/api/v1/contacts/${other}`, { auth: agent.auth })
    expect(absorbed.body.mergedIntoId).toBe(keep)
    expectRefused(
      await call()('POST', `/api/v1/contacts/${keep}/merge`, { auth: admin, body: { mergeId: keep } }),
      400,
      'validation_failed',
    )
    expect((await auditOf(keep)).map((e) => e.action)).toContain('contact.merge')
    expect((await auditOf(other)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['contact.delete', 'contact.restore', 'contact.create']),
    )
  })

  it('lists duplicate candidates and pages contacts with a stable cursor', async () => {
    const domain = `acme-${randomUUID().slice(0, 8)}.example`
    const ids: string[] = []
    for (const local of ['ana', 'ana.lopez']) {
      const res = await call()('POST', '/api/v1/contacts', {
        auth: admin,
        body: { name: 'Ana López', email: `${local}@${domain}` },
      })
      ids.push(res.body.id as string)
    }
    const dupes = await call()('GET', '/api/v1/contacts/duplicates?limit=200', { auth: readonly.auth })
    expect(dupes.status).toBe(200)
    const pair = (dupes.body.data as { a: { id: string }; b: { id: string }; reason: string }[]).find(
      (p) => ids.includes(p.a.id) && ids.includes(p.b.id),
    )
    expect(pair?.reason).toBe('same_name_and_email_domain')
    expect(dupes.body.nextCursor).toBeNull()

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await call()('GET', `/api/v1/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        auth: agent.auth,
      })
      expect(res.status).toBe(200)
      expect(res.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...(res.body.data as { id: string }[]).map((c) => c.id))
      cursor = res.body.nextCursor as string | null
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining(ids))
    expectRefused(
      await call()('GET', '/api/v1/contacts?limit=201', { auth: agent.auth }),
      400,
      'validation_failed',
    )
  })

  it('API keys reach contacts only with a contacts scope; no key deletes or merges', async () => {
    const reader = await apiKeyWith(gw.url, admin, 'contacts:read')
    const writer = await apiKeyWith(gw.url, admin, 'contacts:write')
    const leadsOnly = await apiKeyWith(gw.url, admin, 'leads:read', 'leads:submit')

    expect((await call()('GET', '/api/v1/contacts', { auth: reader })).status).toBe(200)
    expectRefused(await call()('GET', '/api/v1/contacts', { auth: leadsOnly }), 403, 'insufficient_scope')
    expectRefused(
      await call()('POST', '/api/v1/contacts', { auth: reader, body: { name: 'Form lead' } }),
      403,
      'insufficient_scope',
    )
    const created = await call()('POST', '/api/v1/contacts', { auth: writer, body: { name: 'Form lead' } })
    expect(created.status).toBe(201)
    expectRefused(
      await call()('DELETE', `/api/v1/contacts/${created.body.id as string}`, { auth: writer }),
      403,
      'insufficient_role',
    )
    const [entry] = await auditOf(created.body.id as string)
    expect(entry).toMatchObject({ action: 'contact.create' })
  })

  it('companies: created once (a repeat answers the same company), edited with an audit trail, never by read-only users', async () => {
    const name = `Globex ${randomUUID().slice(0, 8)} Ltd`
    const first = await call()('POST', '/api/v1/companies', { auth: agent.auth, body: { name } })
    expect(first.status).toBe(201)
    const again = await call()('POST', '/api/v1/companies', {
      auth: agent.auth,
      body: { name: name.toUpperCase() },
    })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(first.body.id)
    const id = first.body.id as string

    expectRefused(
      await call()('POST', '/api/v1/companies', { auth: readonly.auth, body: { name: 'Initech' } }),
      403,
      'insufficient_role',
    )
    expectRefused(
      await call()('PATCH', `/api/v1/companies/${id}`, {
        auth: readonly.auth,
        body: { emailDomain: 'x.example' },
      }),
      403,
      'insufficient_role',
    )
    const domain = `globex-${randomUUID().slice(0, 8)}.example`
    const edited = await call()('PATCH', `/api/v1/companies/${id}`, {
      auth: head.auth,
      body: { emailDomain: domain },
    })
    expect(edited.status).toBe(200)
    expect(edited.body.emailDomain).toBe(domain)

    const listed = await call()('GET', `/api/v1/companies?q=${encodeURIComponent(name.slice(0, 14))}`, {
      auth: readonly.auth,
    })
    expect((listed.body.data as { id: string }[]).map((c) => c.id)).toContain(id)
    expect((await call()('GET', `/api/v1/companies/${id}`, { auth: readonly.auth })).body.name).toBe(name)
    expect((await auditOf(id)).map((e) => e.action)).toEqual(['company.update', 'company.create'])
  })

  it('documents every contacts and companies operation in the OpenAPI document', async () => {
    const doc = (await call()('GET', '/api/openapi.json')).body as { paths: Record<string, object> }
    for (const path of [
      '/api/v1/contacts',
      '/api/v1/contacts/{id}',
      '/api/v1/contacts/{id}/merge',
      '/api/v1/contacts/{id}/restore',
      '/api/v1/contacts/duplicates',
      '/api/v1/companies',
      '/api/v1/companies/{id}',
      '/api/v1/leads/{id}/timeline',
      '/api/v1/leads/export.csv',
    ])
      expect(doc.paths).toHaveProperty([path])
  })
})
