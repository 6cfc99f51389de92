import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContactJson } from '../src/routes/json-schemas.js'
import { collectContactEvents, startHarness, waitFor, type Harness } from './contacts-harness.js'

interface Resolved {
  contact: ContactJson
  created: boolean
  needsReview: boolean
}

/** A valid US number no other test uses. */
function uniquePhone(): { e164: string; local: string; spaced: string } {
  const line = String(Math.floor(Math.random() * 10_000)).padStart(4, '0')
  const exchange = String(200 + Math.floor(Math.random() * 700))
  return {
    e164: `+1415${exchange}${line}`,
    local: `(415) ${exchange}-${line}`,
    spaced: `+1 415 ${exchange} ${line}`,
  }
}

const uniqueEmail = () => `person-${randomUUID()}@example.org`

describe('POST /internal/v1/contacts/resolve', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  })
  afterAll(() => h?.stop())

  const resolve = (body: object) => h.call<Resolved>('POST', '/internal/v1/contacts/resolve', body)

  it('creates a contact with the phone in E.164 and the e-mail lower-cased, then finds it again', async () => {
    const phone = uniquePhone()
    const email = uniqueEmail()
    const first = await resolve({
      phone: phone.spaced,
      email: `  ${email.toUpperCase()} `,
      name: 'Ada Lovelace',
    })
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ created: true, needsReview: false })
    expect(first.body.contact).toMatchObject({
      phoneE164: phone.e164,
      phoneRaw: phone.spaced,
      phoneValid: true,
      email,
      name: 'Ada Lovelace',
      needsReview: false,
      mergedIntoId: null,
    })

    const again = await resolve({ phone: `1${phone.e164.slice(2)}`, name: 'Someone Else' })
    expect(again.body).toMatchObject({ created: false, needsReview: false })
    expect(again.body.contact).toMatchObject({ id: first.body.contact.id, name: 'Ada Lovelace' })

    const byEmail = await resolve({ email: email.toUpperCase() })
    expect(byEmail.body.contact.id).toBe(first.body.contact.id)
  })

  it('enriches what a contact lacks without overwriting what it has', async () => {
    const phone = uniquePhone()
    const email = uniqueEmail()
    const created = await resolve({ phone: phone.e164 })
    expect(created.body.contact).toMatchObject({ name: null, email: null, companyId: null })
    const enriched = await resolve({
      phone: phone.local,
      defaultRegion: 'US',
      email,
      name: 'Grace',
      company: 'Navy Inc.',
    })
    expect(enriched.body.created).toBe(false)
    expect(enriched.body.contact).toMatchObject({ id: created.body.contact.id, name: 'Grace', email })
    expect(enriched.body.contact.companyId).toEqual(expect.any(String))
    const later = await resolve({ email, name: 'Not Grace', company: 'Other Corp' })
    expect(later.body.contact).toMatchObject({ name: 'Grace', companyId: enriched.body.contact.companyId })
  })

  it('flags both contacts for review when the phone and the e-mail belong to different people', async () => {
    const phone = uniquePhone()
    const email = uniqueEmail()
    const byPhone = await resolve({ phone: phone.e164, name: 'Phone Person' })
    const byEmail = await resolve({ email, name: 'Mail Person' })
    const both = await resolve({ phone: phone.e164, email })
    expect(both.body).toMatchObject({ created: false, needsReview: true })
    expect(both.body.contact).toMatchObject({ id: byPhone.body.contact.id, email: null, needsReview: true })
    const other = await h.call<ContactJson>('GET', `/internal/v1/contacts/${byEmail.body.contact.id}`)
    expect(other.body.needsReview).toBe(true)
  })

  it('creates exactly one contact for 20 concurrent resolves of the same new person', async () => {
    const phone = uniquePhone()
    const email = uniqueEmail()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        resolve(i % 2 === 0 ? { phone: phone.spaced, email, name: 'Twenty' } : { phone: phone.e164, email }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(new Set(results.map((r) => r.body.contact.id)).size).toBe(1)
    expect(results.filter((r) => r.body.created)).toHaveLength(1)
    expect(await h.db.contact.count({ where: { phoneE164: phone.e164 } })).toBe(1)
    expect(await h.db.contact.count({ where: { emailLower: email } })).toBe(1)
  })

  it('keeps a number without country code raw and flagged when no region is known', async () => {
    const digits = String(Math.floor(Math.random() * 1e7)).padStart(7, '0')
    const raw = `(415) ${digits.slice(0, 3)}-${digits.slice(3)}`
    const first = await resolve({ phone: raw })
    expect(first.body).toMatchObject({ created: true })
    expect(first.body.contact).toMatchObject({ phoneRaw: raw, phoneE164: null, phoneValid: false })
    const same = await Promise.all([resolve({ phone: raw }), resolve({ phone: ` ${raw} ` })])
    expect(same.map((r) => r.body.contact.id)).toEqual([first.body.contact.id, first.body.contact.id])
  })

  it('treats null fields as absent', async () => {
    const email = `person-${randomUUID()}@gmail.com`
    const res = await resolve({ phone: null, email, name: null, company: null, defaultRegion: null })
    expect(res.status).toBe(200)
    expect(res.body.contact).toMatchObject({ email, phoneRaw: null, name: null, companyId: null })
  })

  it('answers 400 problem+json without a phone or an e-mail, and 401 without the service token', async () => {
    const missing = await resolve({ name: 'Nobody' })
    expect(missing.status).toBe(400)
    expect(missing.type).toContain('application/problem+json')
    expect(missing.body).toMatchObject({ status: 400, code: 'identifier_required' })
    const invalid = await resolve({ email: 'not-an-address' })
    expect(invalid.status).toBe(400)
    expect(invalid.body).toMatchObject({ code: 'validation_failed' })
    const anonymous = await fetch(`${h.url}/internal/v1/contacts/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail() }),
    })
    expect(anonymous.status).toBe(401)
  })

  it('publishes ContactUpserted for created and enriched contacts through the outbox', async () => {
    const collector = await collectContactEvents()
    try {
      const phone = uniquePhone()
      const email = uniqueEmail()
      const created = await resolve({ phone: phone.e164 })
      await resolve({ phone: phone.e164, email })
      await resolve({ phone: phone.e164, email })
      const id = created.body.contact.id
      const mine = await waitFor(() => {
        const events = collector.events.filter((e) => e.contactId === id)
        return events.length >= 2 && events
      })
      expect(mine.map((e) => e.change)).toEqual(['created', 'updated'])
      expect(mine[1]).toMatchObject({ phoneE164: phone.e164, email, mergedContactIds: [] })
      await waitFor(async () => (await h.app.outbox.depth()) === 0)
    } finally {
      await collector.stop()
    }
  })
})
