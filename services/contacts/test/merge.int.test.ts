import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContactJson } from '../src/routes/json-schemas.js'
import { collectContactEvents, startHarness, waitFor, type Harness } from './contacts-harness.js'

interface Pair {
  a: ContactJson
  b: ContactJson
  reason: string
}

const phoneNo = () => `+4930${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`

describe('merge and duplicate candidates', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h?.stop())

  const create = async (body: object) =>
    (await h.call<ContactJson>('POST', '/internal/v1/contacts', body)).body
  const duplicates = async () =>
    (await h.call<{ data: Pair[] }>('GET', '/internal/v1/contacts/duplicates')).body.data
  const pairOf = (pairs: Pair[], x: string, y: string) =>
    pairs.find((p) => [p.a.id, p.b.id].sort().join() === [x, y].sort().join())

  it('lists same-name same-domain pairs, same phone digits, and review flags', async () => {
    const tag = randomUUID().slice(0, 8)
    const jane1 = await create({ name: `Jane Doe-${tag}`, email: `jane.${tag}@corp-${tag}.com` })
    const jane2 = await create({ name: `  jane   DOE ${tag}`, email: `j.doe.${tag}@corp-${tag}.com` })
    const raw1 = await create({ phone: `555 ${tag.replace(/\D/g, '7').slice(0, 4)}` })
    const raw2 = await create({ phone: `555-${tag.replace(/\D/g, '7').slice(0, 4)}` })
    const phone = phoneNo()
    const email = `conflict-${tag}@example.org`
    const byPhone = await create({ phone })
    const byEmail = await create({ email })
    await h.call('POST', '/internal/v1/contacts/resolve', { phone, email })

    const pairs = await duplicates()
    expect(pairOf(pairs, jane1.id, jane2.id)?.reason).toBe('same_name_and_email_domain')
    expect(pairOf(pairs, raw1.id, raw2.id)?.reason).toBe('same_phone_digits')
    expect(pairOf(pairs, byPhone.id, byEmail.id)?.reason).toBe('phone_and_email_differ')
  })

  it('merges: fills the kept contact, marks the other merged, records it and emits ContactUpserted', async () => {
    const collector = await collectContactEvents()
    try {
      const phone = phoneNo()
      const email = `merge-${randomUUID()}@example.org`
      const keep = await create({ phone, name: 'Kept' })
      const other = await create({ email, name: 'Absorbed' })
      await h.call('POST', '/internal/v1/contacts/resolve', { phone, email })

      const merged = await h.call<{ contact: ContactJson }>('POST', '/internal/v1/contacts/merge', {
        keepId: keep.id,
        mergeId: other.id,
      })
      expect(merged.status).toBe(200)
      expect(merged.body.contact).toMatchObject({
        id: keep.id,
        name: 'Kept',
        phoneE164: phone,
        email,
        needsReview: false,
      })

      const absorbed = await h.call<ContactJson>('GET', `/internal/v1/contacts/${other.id}`)
      expect(absorbed.body).toMatchObject({ mergedIntoId: keep.id, email: null })
      expect(await h.db.contactMerge.count({ where: { keptId: keep.id, mergedId: other.id } })).toBe(1)
      expect(pairOf(await duplicates(), keep.id, other.id)).toBeUndefined()

      const again = await h.call<{ contact: ContactJson }>('POST', '/internal/v1/contacts/merge', {
        keepId: keep.id,
        mergeId: other.id,
      })
      expect(again.status).toBe(200)
      const reverse = await h.call('POST', '/internal/v1/contacts/merge', {
        keepId: other.id,
        mergeId: keep.id,
      })
      expect(reverse.status).toBe(409)

      const resolved = await h.call<{ contact: ContactJson }>('POST', '/internal/v1/contacts/resolve', {
        email,
      })
      expect(resolved.body.contact.id).toBe(keep.id)

      const event = await waitFor(() =>
        collector.events.find((e) => e.contactId === keep.id && e.change === 'merged'),
      )
      expect(event).toMatchObject({ mergedContactIds: [other.id], email, phoneE164: phone })
      expect(collector.events.filter((e) => e.contactId === keep.id && e.change === 'merged')).toHaveLength(1)
    } finally {
      await collector.stop()
    }
  })

  it('refuses to merge a contact into itself or an unknown one', async () => {
    const one = await create({ email: `self-${randomUUID()}@example.org` })
    const self = await h.call('POST', '/internal/v1/contacts/merge', { keepId: one.id, mergeId: one.id })
    expect(self.status).toBe(409)
    const unknown = await h.call('POST', '/internal/v1/contacts/merge', {
      keepId: one.id,
      mergeId: randomUUID(),
    })
    expect(unknown.status).toBe(404)
  })
})

describe('companies', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h?.stop())

  it('deduplicates by phone, company e-mail domain and normalised name, never by free-mail domains', async () => {
    const tag = randomUUID().slice(0, 8)
    const first = await h.call<{ id: string; emailDomain: string | null }>('POST', '/internal/v1/companies', {
      name: `Initech ${tag}, Inc.`,
      emailDomain: `initech-${tag}.com`,
    })
    expect(first.status).toBe(201)
    const byName = await h.call<{ id: string }>('POST', '/internal/v1/companies', { name: `INITECH ${tag}` })
    expect(byName).toMatchObject({ status: 200, body: { id: first.body.id } })
    const byDomain = await h.call<{ id: string }>('POST', '/internal/v1/companies', {
      name: `Other name ${tag}`,
      emailDomain: `initech-${tag}.com`,
    })
    expect(byDomain.body.id).toBe(first.body.id)
    const freeMail = await h.call<{ id: string; emailDomain: string | null }>(
      'POST',
      '/internal/v1/companies',
      {
        name: `Freelancer ${tag}`,
        emailDomain: 'gmail.com',
      },
    )
    expect(freeMail.status).toBe(201)
    expect(freeMail.body.emailDomain).toBeNull()

    const viaResolve = await h.call<{ contact: ContactJson }>('POST', '/internal/v1/contacts/resolve', {
      email: `someone-${tag}@initech-${tag}.com`,
    })
    expect(viaResolve.body.contact.companyId).toBe(first.body.id)

    const patched = await h.call<{ name: string }>('PATCH', `/internal/v1/companies/${first.body.id}`, {
      name: `Initech ${tag} Global`,
    })
    expect(patched.body.name).toBe(`Initech ${tag} Global`)
    const clash = await h.call('PATCH', `/internal/v1/companies/${freeMail.body.id}`, {
      name: `initech ${tag} global`,
    })
    expect(clash.status).toBe(409)
    const listed = await h.call<{ data: { id: string }[] }>('GET', `/internal/v1/companies?q=${tag}`)
    expect(listed.body.data.map((c) => c.id).sort()).toEqual([first.body.id, freeMail.body.id].sort())
    expect((await h.call('GET', `/internal/v1/companies/${randomUUID()}`)).status).toBe(404)
  })
})
