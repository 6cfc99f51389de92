import type { Contact } from '../generated/prisma/client.js'
import { enrichmentPatch, isEmptyPatch } from '../domain/enrich.js'
import type { Db } from './contact-store.js'
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
 * contact exists and the input adds nothing to it, that is the answer. Everything else — new
 * people, e-mails, companies, enrichment — goes through `resolveContact`, one at a time, so the
 * rules (and the uniqueness guarantees) are exactly those of a single resolve.
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
  const results: ResolveResult[] = []
  for (const [i, input] of inputs.entries()) {
    const incoming = fields[i] ?? {}
    const match =
      incoming.phoneE164 && phoneOnly.has(incoming.phoneE164) ? known.get(incoming.phoneE164) : undefined
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
