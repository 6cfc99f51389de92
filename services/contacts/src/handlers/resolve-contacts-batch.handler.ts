import { randomUUID } from 'node:crypto'
import { contactUpsertedV1 } from '@leadflow/contracts'
import { outboxMessage } from '@leadflow/outbox'
import type { Contact } from '../generated/prisma/client.js'
import { enrichmentPatch, isEmptyPatch, type ContactFields } from '../domain/enrich.js'
import { txOptions, type Db, type Tx } from './contact-store.js'
import {
  incomingFields,
  resolveContact,
  type ResolveInput,
  type ResolveResult,
} from './resolve-contact.handler.js'

/** Most inputs one batch resolve takes. */
export const maxResolveBatch = 1000

/**
 * `resolveContact` for many inputs, answered in input order. Inputs that name only a valid
 * phone number (the common case for calls) are looked up together in one query; when the
 * contact exists and the input adds nothing to it, that is the answer. The phone-only people
 * nobody knows yet are created together: one multi-row insert that leaves any number another
 * writer took meanwhile to its unique key (`ON CONFLICT DO NOTHING`), with their
 * ContactUpserted events, in one transaction. Everything else — e-mails, companies,
 * enrichment, numbers a concurrent writer created — goes through `resolveContact`, one at a
 * time, so the rules (and the uniqueness guarantees) are exactly those of a single resolve.
 */
export async function resolveContacts(
  db: Db,
  inputs: readonly ResolveInput[],
  configRegion?: string,
): Promise<ResolveResult[]> {
  const fields = inputs.map((input) => incomingFields(input, input.defaultRegion ?? configRegion))
  const phoneOnly = new Set<string>()
  inputs.forEach((input, i) => {
    const phone = fields[i]?.phoneE164
    if (phone && !fields[i]?.emailLower && !input.company?.trim()) phoneOnly.add(phone)
  })
  const known = new Map<string, Contact>()
  if (phoneOnly.size > 0) {
    const rows = await db.contact.findMany({ where: { phoneE164: { in: [...phoneOnly] } } })
    for (const row of rows) if (row.phoneE164) known.set(row.phoneE164, row)
  }
  // The first phone-only input of each unknown number creates its contact.
  const toCreate = new Map<string, Partial<ContactFields>>()
  for (const incoming of fields) {
    const phone = incoming.phoneE164
    if (phone && phoneOnly.has(phone) && !known.has(phone) && !toCreate.has(phone))
      toCreate.set(phone, incoming)
  }
  const createdBy = new Map<string, Contact>()
  if (toCreate.size > 0) {
    const created = await db.$transaction((tx) => createPhoneOnly(tx, [...toCreate.values()]), txOptions)
    for (const contact of created) if (contact.phoneE164) createdBy.set(contact.phoneE164, contact)
  }

  const results: ResolveResult[] = []
  for (const [i, input] of inputs.entries()) {
    const incoming = fields[i] ?? {}
    const phone = incoming.phoneE164 && phoneOnly.has(incoming.phoneE164) ? incoming.phoneE164 : undefined
    const fresh = phone ? createdBy.get(phone) : undefined
    if (phone && fresh) {
      createdBy.delete(phone)
      known.set(phone, fresh)
      results.push({ contact: fresh, created: true, needsReview: false })
      continue
    }
    const match = phone ? known.get(phone) : undefined
    if (
      match &&
      match.deletedAt === null &&
      isEmptyPatch(enrichmentPatch(match, { ...incoming, companyId: null }))
    ) {
      results.push({ contact: match, created: false, needsReview: match.needsReview })
      continue
    }
    const result = await resolveContact(db, input, configRegion)
    if (result.contact.phoneE164) known.set(result.contact.phoneE164, result.contact)
    results.push(result)
  }
  return results
}

/**
 * New phone-only contacts in one statement; a number already taken (a concurrent writer) is
 * skipped and left to `resolveContact`. Returns the contacts this call created, with their
 * ContactUpserted events queued in the same transaction.
 */
async function createPhoneOnly(tx: Tx, people: readonly Partial<ContactFields>[]): Promise<Contact[]> {
  const col = <K extends keyof ContactFields>(key: K) => people.map((p) => p[key] ?? null)
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO contacts (id, name, name_normalized, phone_raw, phone_digits, phone_e164, phone_valid, updated_at)
    SELECT id, name, name_normalized, phone_raw, phone_digits, phone_e164, phone_valid, now()
    FROM unnest(${people.map(() => randomUUID())}::uuid[], ${col('name')}::text[],
      ${col('nameNormalized')}::text[], ${col('phoneRaw')}::text[], ${col('phoneDigits')}::text[],
      ${col('phoneE164')}::text[], ${people.map((p) => p.phoneValid ?? false)}::boolean[])
      AS t(id, name, name_normalized, phone_raw, phone_digits, phone_e164, phone_valid)
    ON CONFLICT DO NOTHING
    RETURNING id::text`
  if (inserted.length === 0) return []
  const contacts = await tx.contact.findMany({ where: { id: { in: inserted.map((row) => row.id) } } })
  const messages = contacts.map((contact) =>
    outboxMessage(contactUpsertedV1, {
      contactId: contact.id,
      eventId: `contacts:${contact.id}:${randomUUID()}`,
      change: 'created' as const,
      phoneE164: contact.phoneE164,
      email: contact.emailLower,
      name: contact.name,
      companyId: contact.companyId,
      mergedContactIds: [],
      updatedAt: contact.updatedAt,
    }),
  )
  await tx.$executeRaw`INSERT INTO outbox (topic, key, value, headers)
    SELECT topic, key, decode(value, 'base64'), headers
    FROM unnest(${messages.map((m) => m.topic)}::text[], ${messages.map((m) => m.key)}::text[],
      ${messages.map((m) => Buffer.from(m.value).toString('base64'))}::text[],
      ${messages.map((m) => JSON.stringify(m.headers))}::jsonb[]) AS t(topic, key, value, headers)`
  return contacts
}
