import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContactJson } from '../src/routes/json-schemas.js'
import { startHarness, type Harness } from './contacts-harness.js'

interface Resolved {
  contact: ContactJson
  created: boolean
  needsReview: boolean
}

const uniqueE164 = () =>
  `+1415${String(200 + Math.floor(Math.random() * 700))}${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`

describe('POST /internal/v1/contacts/resolve-batch', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h?.stop())

  const resolveBatch = (items: object[]) =>
    h.call<{ data: Resolved[] }>('POST', '/internal/v1/contacts/resolve-batch', { items })
  const resolve = (body: object) => h.call<Resolved>('POST', '/internal/v1/contacts/resolve', body)

  it('answers in input order with one contact per person, as single resolves would', async () => {
    const known = uniqueE164()
    const fresh = uniqueE164()
    const email = `batch-${randomUUID()}@example.org`
    const existing = await resolve({ phone: known, name: 'Grace Hopper' })
    expect(existing.body.created).toBe(true)

    const answer = await resolveBatch([
      { phone: known },
      { phone: fresh },
      { phone: ` ${fresh} ` },
      { phone: known, email: email.toUpperCase() },
      { email },
    ])
    expect(answer.status).toBe(200)
    const [a, b, c, d, e] = answer.body.data
    expect(a).toMatchObject({
      created: false,
      contact: { id: existing.body.contact.id, name: 'Grace Hopper' },
    })
    expect(b).toMatchObject({ created: true, contact: { phoneE164: fresh } })
    expect(c).toMatchObject({ created: false, contact: { id: b!.contact.id } })
    // The e-mail enriches the known contact; the last item then finds it by that e-mail.
    expect(d).toMatchObject({ created: false, contact: { id: existing.body.contact.id, email } })
    expect(e).toMatchObject({ created: false, contact: { id: existing.body.contact.id } })

    const again = await resolve({ phone: fresh })
    expect(again.body).toMatchObject({ created: false, contact: { id: b!.contact.id } })
  })

  it('refuses a batch with an item naming neither phone nor e-mail, and an empty batch', async () => {
    const bad = await resolveBatch([{ phone: uniqueE164() }, { name: 'Nobody' }])
    expect(bad.status).toBe(400)
    const empty = await resolveBatch([])
    expect(empty.status).toBe(400)
  })
})
