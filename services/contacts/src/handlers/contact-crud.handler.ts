import type { Contact, Prisma } from '../generated/prisma/client.js'
import { normalizeEmail, normalizeName, phoneFields } from '../domain/normalize.js'
import { companyNotFound, contactConflict, contactNotFound, mergeInvalid } from '../errors.js'
import { recordUpsert, txOptions, type Db, type Tx } from './contact-store.js'

export interface ContactWrite {
  name?: string | null | undefined
  email?: string | null | undefined
  phone?: string | null | undefined
  companyId?: string | null | undefined
  defaultRegion?: string | undefined
}

/** The columns a write sets: only the fields present in it; null clears. */
function columnsOf(input: ContactWrite, region: string | undefined): Prisma.ContactUncheckedUpdateInput {
  const data: Prisma.ContactUncheckedUpdateInput = {}
  if (input.name !== undefined) {
    const name = input.name?.trim() || null
    Object.assign(data, { name, nameNormalized: normalizeName(name) })
  }
  if (input.email !== undefined) data.emailLower = normalizeEmail(input.email)
  if (input.phone !== undefined) {
    const phone = input.phone?.trim() ? phoneFields(input.phone, input.defaultRegion ?? region) : null
    Object.assign(data, {
      phoneRaw: phone?.phoneRaw ?? null,
      phoneDigits: phone?.phoneDigits ?? null,
      phoneE164: phone?.phoneE164 ?? null,
      phoneValid: phone?.phoneValid ?? false,
    })
  }
  if (input.companyId !== undefined) data.companyId = input.companyId
  return data
}

/** Throws 409 naming the unique key another contact already holds. */
async function assertKeysFree(tx: Tx, data: Prisma.ContactUncheckedUpdateInput, selfId: string | null) {
  const notSelf = selfId ? { id: { not: selfId } } : {}
  if (typeof data.phoneE164 === 'string') {
    if (await tx.contact.findFirst({ where: { phoneE164: data.phoneE164, ...notSelf } }))
      throw contactConflict('phone')
  }
  if (typeof data.emailLower === 'string') {
    if (await tx.contact.findFirst({ where: { emailLower: data.emailLower, ...notSelf } }))
      throw contactConflict('email')
  }
  if (typeof data.companyId === 'string') {
    if (!(await tx.company.findUnique({ where: { id: data.companyId } })))
      throw companyNotFound(data.companyId)
  }
}

/** Runs a write; a concurrent writer taking the same phone or e-mail answers 409 too. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if ((err as { code?: unknown }).code === 'P2002') throw contactConflict('phone or email')
    throw err
  }
}

export function createContact(db: Db, input: ContactWrite, region?: string): Promise<Contact> {
  const data = columnsOf(input, region)
  return guarded(() =>
    db.$transaction(async (tx) => {
      await assertKeysFree(tx, data, null)
      const contact = await tx.contact.create({ data: data as Prisma.ContactUncheckedCreateInput })
      await recordUpsert(tx, contact, 'created')
      return contact
    }, txOptions),
  )
}

/** A live contact (merged ones too, so callers can follow `mergedIntoId`); 404 when deleted. */
export async function getContact(db: Db | Tx, id: string): Promise<Contact> {
  const contact = await db.contact.findUnique({ where: { id } })
  if (!contact || contact.deletedAt) throw contactNotFound(id)
  return contact
}

export function updateContact(db: Db, id: string, input: ContactWrite, region?: string): Promise<Contact> {
  const data = columnsOf(input, region)
  return guarded(() =>
    db.$transaction(async (tx) => {
      const current = await getContact(tx, id)
      if (current.mergedIntoId) throw mergeInvalid(`Contact ${id} was merged into ${current.mergedIntoId}`)
      await assertKeysFree(tx, data, id)
      if (Object.keys(data).length === 0) return current
      const contact = await tx.contact.update({ where: { id }, data })
      await recordUpsert(tx, contact, 'updated')
      return contact
    }, txOptions),
  )
}

export async function deleteContact(db: Db, id: string): Promise<void> {
  await getContact(db, id)
  await db.contact.updateMany({ where: { id, deletedAt: null }, data: { deletedAt: new Date() } })
}

export async function restoreContact(db: Db, id: string): Promise<Contact> {
  const contact = await db.contact.findUnique({ where: { id } })
  if (!contact) throw contactNotFound(id)
  if (!contact.deletedAt) return contact
  return db.contact.update({ where: { id }, data: { deletedAt: null } })
}
