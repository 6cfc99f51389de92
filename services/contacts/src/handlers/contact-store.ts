import { randomUUID } from 'node:crypto'
import { contactUpsertedV1, type ContactChange } from '@leadflow/contracts'
import { outboxMessage } from '@leadflow/outbox'
import type { Contact, Prisma, PrismaClient } from '../generated/prisma/client.js'

export type Tx = Prisma.TransactionClient
export type Db = PrismaClient

/** Interactive transactions wait for a pooled connection instead of failing under bursts. */
export const txOptions = { maxWait: 15_000, timeout: 15_000 } as const

/** A contact's ContactUpserted event, written to the outbox inside the caller's transaction. */
export async function recordUpsert(
  tx: Tx,
  contact: Contact,
  change: ContactChange,
  mergedContactIds: string[] = [],
): Promise<void> {
  const event = {
    contactId: contact.id,
    eventId: `contacts:${contact.id}:${randomUUID()}`,
    change,
    phoneE164: contact.phoneE164,
    email: contact.emailLower,
    name: contact.name,
    companyId: contact.companyId,
    mergedContactIds,
    updatedAt: contact.updatedAt,
  }
  await tx.outboxMessage.create({ data: outboxMessage(contactUpsertedV1, event) })
}

/** Records that two contacts may be one person; idempotent. Flags both for review. */
export async function flagForReview(tx: Tx, a: Contact, b: Contact, reason: string): Promise<Contact[]> {
  const [first, second] = a.id < b.id ? [a, b] : [b, a]
  await tx.$executeRaw`insert into contact_reviews (contact_a_id, contact_b_id, reason)
    values (${first.id}::uuid, ${second.id}::uuid, ${reason}) on conflict do nothing`
  const changed: Contact[] = []
  for (const contact of [first, second]) {
    if (contact.needsReview) continue
    const updated = await tx.contact.update({ where: { id: contact.id }, data: { needsReview: true } })
    await recordUpsert(tx, updated, 'updated')
    changed.push(updated)
  }
  return changed
}

/** Retries `fn` when a concurrent writer won a unique key (the loser re-reads and finds its row). */
export async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code
      if ((code !== 'P2002' && code !== 'P2034') || attempt >= attempts) throw err
    }
  }
}
