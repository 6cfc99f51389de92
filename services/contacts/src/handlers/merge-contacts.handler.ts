import type { Contact } from '../generated/prisma/client.js'
import { enrichmentPatch } from '../domain/enrich.js'
import { contactNotFound, mergeInvalid } from '../errors.js'
import { recordUpsert, txOptions, type Db, type Tx } from './contact-store.js'

/**
 * Merges `mergeId` into `keepId`: the kept contact takes what it lacks from the other, the other
 * gives up its unique keys and points at the kept one, the merge is recorded, and the kept
 * contact's ContactUpserted (`change: merged`) lists the absorbed id so leads follow. Merging a
 * contact already merged into `keepId` again changes nothing.
 */
export function mergeContacts(db: Db, keepId: string, mergeId: string): Promise<Contact> {
  if (keepId === mergeId) return Promise.reject(mergeInvalid('A contact cannot be merged into itself'))
  return db.$transaction(async (tx) => {
    const [keep, other] = await lockBoth(tx, keepId, mergeId)
    if (other.mergedIntoId === keep.id) return keep
    if (keep.mergedIntoId)
      throw mergeInvalid(`Contact ${keep.id} was itself merged into ${keep.mergedIntoId}`)
    if (other.mergedIntoId)
      throw mergeInvalid(`Contact ${other.id} was already merged into ${other.mergedIntoId}`)

    await tx.contactMerge.create({
      data: { keptId: keep.id, mergedId: other.id, snapshot: snapshotOf(other) },
    })
    // Free the absorbed contact's unique keys before the kept one takes them.
    await tx.contact.update({
      where: { id: other.id },
      data: { mergedIntoId: keep.id, phoneE164: null, emailLower: null, needsReview: false },
    })
    await tx.contact.updateMany({ where: { mergedIntoId: other.id }, data: { mergedIntoId: keep.id } })
    await tx.contactReview.deleteMany({
      where: {
        OR: [
          { contactAId: keep.id, contactBId: other.id },
          { contactAId: other.id, contactBId: keep.id },
        ],
      },
    })
    const openReviews = await tx.contactReview.count({
      where: { OR: [{ contactAId: keep.id }, { contactBId: keep.id }] },
    })
    const patch = enrichmentPatch(keep, other)
    const contact = await tx.contact.update({
      where: { id: keep.id },
      data: { ...patch, needsReview: openReviews > 0, deletedAt: null },
    })
    await recordUpsert(tx, contact, 'merged', [other.id])
    return contact
  }, txOptions)
}

async function lockBoth(tx: Tx, keepId: string, mergeId: string): Promise<[Contact, Contact]> {
  // Lock in id order so two opposite merges cannot deadlock.
  await tx.$queryRaw`select id from contacts where id in (${keepId}::uuid, ${mergeId}::uuid) order by id for update`
  const keep = await tx.contact.findUnique({ where: { id: keepId } })
  const other = await tx.contact.findUnique({ where: { id: mergeId } })
  if (!keep || keep.deletedAt) throw contactNotFound(keepId)
  if (!other) throw contactNotFound(mergeId)
  return [keep, other]
}

function snapshotOf(contact: Contact) {
  return {
    name: contact.name,
    phoneRaw: contact.phoneRaw,
    phoneE164: contact.phoneE164,
    emailLower: contact.emailLower,
    companyId: contact.companyId,
    needsReview: contact.needsReview,
    createdAt: contact.createdAt.toISOString(),
  }
}
