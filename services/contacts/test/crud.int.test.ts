import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContactJson } from '../src/routes/json-schemas.js'
import { startHarness, type Harness } from './contacts-harness.js'

interface Page {
  data: ContactJson[]
  nextCursor: string | null
}

describe('contacts CRUD, search and pagination', () => {
  let h: Harness
  const tag = randomUUID().slice(0, 8)
  const people = ['Carol', 'alice', 'Bob', 'Dave', 'Erin'].map((name, i) => ({
    name: `${name} ${tag}`,
    email: `${name.toLowerCase()}-${tag}@acme-${tag}.com`,
    phone: `+7 916 ${String(100 + i)}-${tag.replace(/\D/g, '0').slice(0, 2).padEnd(2, '0')}-${String(10 + i)}`,
  }))
  const created: ContactJson[] = []

  beforeAll(async () => {
    h = await startHarness({ DEFAULT_PHONE_REGION: 'RU' })
    for (const person of people) {
      const res = await h.call<ContactJson>('POST', '/internal/v1/contacts', person)
      expect(res.status).toBe(201)
      created.push(res.body)
    }
  })
  afterAll(() => h?.stop())

  const list = (query: string) => h.call<Page>('GET', `/internal/v1/contacts?${query}`)

  async function allPages(query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const page: Page = (await list(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body
      ids.push(...page.data.map((c) => c.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    return { ids, pages }
  }

  it('pages through every contact exactly once in each sort order', async () => {
    const byCreated = await allPages(`q=${tag}&sort=createdAt`)
    expect(byCreated.ids).toEqual(created.map((c) => c.id))
    expect(byCreated.pages).toBe(3)
    const newest = await allPages(`q=${tag}&sort=-createdAt`)
    expect(newest.ids).toEqual(created.map((c) => c.id).reverse())
    const byName = await allPages(`q=${tag}&sort=name`)
    const names = byName.ids.map((id) => created.find((c) => c.id === id)?.name)
    expect(names).toHaveLength(5)
    expect(new Set(names).size).toBe(5)
  })

  it('finds a contact by a phone typed in another format, by e-mail and by name', async () => {
    const target = created[2]
    if (!target?.phoneE164) throw new Error('fixture contact has no phone')
    const local = `8 (${target.phoneE164.slice(2, 5)}) ${target.phoneE164.slice(5, 8)}-${target.phoneE164.slice(8)}`
    for (const q of [local, target.phoneE164.slice(1), target.email?.toUpperCase() ?? '', 'BOB ' + tag]) {
      const page = await list(`q=${encodeURIComponent(q)}`)
      expect(page.status).toBe(200)
      expect(page.body.data.map((c) => c.id)).toEqual([target.id])
    }
  })

  it('rejects a cursor it did not issue and a limit over 200', async () => {
    const bad = await list('cursor=not-a-cursor')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'invalid_cursor' })
    expect((await list('limit=201')).status).toBe(400)
  })

  it('edits, refuses a phone that belongs to someone else, soft-deletes and restores', async () => {
    const [first, second] = created
    if (!first || !second) throw new Error('fixtures missing')
    const renamed = await h.call<ContactJson>('PATCH', `/internal/v1/contacts/${first.id}`, {
      name: 'Renamed',
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ id: first.id, name: 'Renamed', email: first.email })

    const taken = await h.call('PATCH', `/internal/v1/contacts/${first.id}`, { phone: second.phoneRaw })
    expect(taken.status).toBe(409)
    expect(taken.body).toMatchObject({ code: 'contact_conflict' })
    const dup = await h.call('POST', '/internal/v1/contacts', { email: second.email })
    expect(dup.status).toBe(409)

    expect((await h.call('DELETE', `/internal/v1/contacts/${first.id}`)).status).toBe(204)
    expect((await h.call('GET', `/internal/v1/contacts/${first.id}`)).status).toBe(404)
    expect((await list(`q=${tag}`)).body.data.map((c) => c.id)).not.toContain(first.id)
    const restored = await h.call<ContactJson>('POST', `/internal/v1/contacts/${first.id}/restore`)
    expect(restored.body).toMatchObject({ id: first.id, deletedAt: null })
    expect((await h.call('GET', `/internal/v1/contacts/${first.id}`)).status).toBe(200)
  })

  it('filters by needsReview and company', async () => {
    const company = await h.call<{ id: string }>('POST', '/internal/v1/companies', {
      name: `Acme ${tag} LLC`,
    })
    expect(company.status).toBe(201)
    const third = created[3]
    if (!third) throw new Error('fixtures missing')
    await h.call('PATCH', `/internal/v1/contacts/${third.id}`, { companyId: company.body.id })
    const inCompany = await list(`companyId=${company.body.id}`)
    expect(inCompany.body.data.map((c) => c.id)).toEqual([third.id])
    expect((await list(`q=${tag}&needsReview=true`)).body.data).toEqual([])
    const unknown = await h.call('PATCH', `/internal/v1/contacts/${third.id}`, { companyId: randomUUID() })
    expect(unknown.status).toBe(404)
  })
})
