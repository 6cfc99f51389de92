import type { Contact } from '../generated/prisma/client.js'
import { enrichmentPatch, isEmptyPatch, type ContactFields } from '../domain/enrich.js'
import { normalizeEmail, normalizeName, phoneFields } from '../domain/normalize.js'
import { identifierRequired } from '../errors.js'
import { companyKeys, findCompany, findOrCreateCompany } from './company.handler.js'
import {
  flagForReview,
  recordUpsert,
  retryOnUniqueViolation,
  txOptions,
  type Db,
  type Tx,
} from './contact-store.js'

export interface ResolveInput {
  phone?: string | null | undefined
  email?: string | null | undefined
  name?: string | null | undefined
  company?: string | null | undefined
  defaultRegion?: string | null | undefined
}

export interface ResolveResult {
  contact: Contact
  created: boolean
  needsReview: boolean
}

/** The stored identity fields for raw input (phone normalised, e-mail lower-cased). */
export function incomingFields(input: ResolveInput, region: string | undefined): Partial<ContactFields> {
  const phone = input.phone?.trim() ? phoneFields(input.phone, region) : null
  const name = input.name?.trim() || null
  return {
    name,
    nameNormalized: normalizeName(name),
    emailLower: normalizeEmail(input.email),
    ...(phone ?? {}),
  }
}

/**
 * The one contact for a phone and/or e-mail: matched by E.164 phone, then e-mail (then, for a
 * number that is not valid, by its digits), enriched with what it lacks, or created. When the
 * phone and the e-mail belong to two different contacts, both are flagged for review and the
 * phone's contact is returned. Concurrent calls for one new person create one contact: the
 * unique keys make all but one insert fail, and those retry and find it.
 */
export async function resolveContact(
  db: Db,
  input: ResolveInput,
  configRegion?: string,
): Promise<ResolveResult> {
  const fields = incomingFields(input, input.defaultRegion ?? configRegion)
  if (!fields.phoneRaw && !fields.emailLower) throw identifierRequired()
  return retryOnUniqueViolation(() => db.$transaction((tx) => resolveIn(tx, input, fields), txOptions))
}

async function resolveIn(
  tx: Tx,
  input: ResolveInput,
  fields: Partial<ContactFields>,
): Promise<ResolveResult> {
  const byPhone = await findByPhone(tx, fields)
  const byEmail = fields.emailLower
    ? await tx.contact.findUnique({ where: { emailLower: fields.emailLower } })
    : null
  const companyId = await companyFor(tx, input, fields.emailLower ?? null)
  const incoming = { ...fields, companyId }

  if (byPhone && byEmail && byPhone.id !== byEmail.id) {
    await flagForReview(tx, byPhone, byEmail, 'phone_and_email_differ')
    const contact = await enrich(tx, { ...byPhone, needsReview: true }, incoming, false)
    return { contact: { ...contact, needsReview: true }, created: false, needsReview: true }
  }
  const match = byPhone ?? byEmail
  if (match) {
    const contact = await enrich(tx, match, incoming, true)
    return { contact, created: false, needsReview: contact.needsReview }
  }
  const contact = await tx.contact.create({
    data: {
      name: incoming.name ?? null,
      nameNormalized: incoming.nameNormalized ?? null,
      phoneRaw: incoming.phoneRaw ?? null,
      phoneDigits: incoming.phoneDigits ?? null,
      phoneE164: incoming.phoneE164 ?? null,
      phoneValid: incoming.phoneValid ?? false,
      emailLower: incoming.emailLower ?? null,
      companyId,
    },
  })
  await recordUpsert(tx, contact, 'created')
  return { contact, created: true, needsReview: false }
}

async function findByPhone(tx: Tx, fields: Partial<ContactFields>): Promise<Contact | null> {
  if (fields.phoneE164) return tx.contact.findUnique({ where: { phoneE164: fields.phoneE164 } })
  if (!fields.phoneDigits) return null
  // A number that is not valid has no unique key: serialise its writers on the digits instead.
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${'contacts-phone:' + fields.phoneDigits}))`
  return tx.contact.findFirst({
    where: { phoneE164: null, phoneDigits: fields.phoneDigits, mergedIntoId: null },
    orderBy: { createdAt: 'asc' },
  })
}

async function companyFor(tx: Tx, input: ResolveInput, email: string | null): Promise<string | null> {
  const keys = companyKeys({ name: input.company, email })
  if (keys.name) return (await findOrCreateCompany(tx, keys))?.company.id ?? null
  if (keys.emailDomain) return (await findCompany(tx, keys))?.id ?? null
  return null
}

async function enrich(
  tx: Tx,
  contact: Contact,
  incoming: Partial<ContactFields>,
  withEmail: boolean,
): Promise<Contact> {
  const patch = enrichmentPatch(contact, incoming, { withEmail })
  const revive = contact.deletedAt !== null
  if (isEmptyPatch(patch) && !revive) return contact
  const updated = await tx.contact.update({ where: { id: contact.id }, data: { ...patch, deletedAt: null } })
  await recordUpsert(tx, updated, 'updated')
  return updated
}
