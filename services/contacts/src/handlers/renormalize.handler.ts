import type { Contact } from '../generated/prisma/client.js'
import { normalizeEmail, normalizeName, phoneFields } from '../domain/normalize.js'
import {
  flagForReview,
  recordUpsert,
  retryOnUniqueViolation,
  txOptions,
  type Db,
  type Tx,
} from './contact-store.js'

export interface RenormalizeProgress {
  scanned: number
  changed: number
  conflicts: number
}

export interface RenormalizeOptions {
  region: string | undefined
  batchSize: number
  onProgress?: (progress: RenormalizeProgress) => void
}

type Normalized = Pick<Contact, 'phoneDigits' | 'phoneE164' | 'phoneValid' | 'emailLower' | 'nameNormalized'>

/** What a contact's keys are under today's rules. */
export function normalizedKeys(contact: Contact, region: string | undefined): Normalized {
  const phoneInput = contact.phoneRaw ?? contact.phoneE164
  const phone = phoneInput ? phoneFields(phoneInput, region) : null
  return {
    phoneDigits: phone?.phoneDigits ?? null,
    phoneE164: phone?.phoneE164 ?? null,
    phoneValid: phone?.phoneValid ?? false,
    emailLower: normalizeEmail(contact.emailLower),
    nameNormalized: normalizeName(contact.name),
  }
}

function difference(contact: Contact, target: Normalized): Partial<Normalized> {
  const diff: Partial<Normalized> = {}
  for (const key of Object.keys(target) as (keyof Normalized)[]) {
    if (contact[key] !== target[key]) Object.assign(diff, { [key]: target[key] })
  }
  return diff
}

/**
 * Re-normalises the phones, e-mails and names of every live contact, in batches by id. Idempotent:
 * a second run changes nothing. When a row's phone or e-mail normalises to a key another contact
 * holds, the row keeps its old key and both are flagged for review instead.
 */
export async function renormalizeContacts(db: Db, options: RenormalizeOptions): Promise<RenormalizeProgress> {
  const progress: RenormalizeProgress = { scanned: 0, changed: 0, conflicts: 0 }
  let after: string | undefined
  for (;;) {
    const batch = await db.contact.findMany({
      where: { mergedIntoId: null, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: options.batchSize,
    })
    if (batch.length === 0) break
    for (const contact of batch) {
      const outcome = await retryOnUniqueViolation(() =>
        db.$transaction((tx) => renormalizeOne(tx, contact.id, options.region), txOptions),
      )
      if (outcome.changed) progress.changed++
      if (outcome.conflict) progress.conflicts++
    }
    progress.scanned += batch.length
    after = batch.at(-1)?.id
    options.onProgress?.({ ...progress })
  }
  return progress
}

async function renormalizeOne(tx: Tx, id: string, region: string | undefined) {
  const contact = await tx.contact.findUnique({ where: { id } })
  if (!contact) return { changed: false, conflict: false }
  const diff = difference(contact, normalizedKeys(contact, region))
  let conflict = false
  let flagged = false
  if (diff.phoneE164) {
    const holder = await tx.contact.findFirst({ where: { phoneE164: diff.phoneE164, id: { not: id } } })
    if (holder) {
      delete diff.phoneE164
      delete diff.phoneValid
      conflict = true
      flagged = (await flagForReview(tx, contact, holder, 'same_phone_after_normalization')).length > 0
    }
  }
  if (diff.emailLower) {
    const holder = await tx.contact.findFirst({ where: { emailLower: diff.emailLower, id: { not: id } } })
    if (holder) {
      delete diff.emailLower
      conflict = true
      const fresh = (await tx.contact.findUnique({ where: { id } })) ?? contact
      flagged =
        (await flagForReview(tx, fresh, holder, 'same_email_after_normalization')).length > 0 || flagged
    }
  }
  if (Object.keys(diff).length === 0) return { changed: flagged, conflict }
  const updated = await tx.contact.update({ where: { id }, data: diff })
  await recordUpsert(tx, updated, 'updated')
  return { changed: true, conflict }
}
