import type { ContactUpsertedV1 } from '@leadflow/contracts'
import type { MessageContext } from '@leadflow/kafka'
import type { Db } from '../db/transaction.js'

/**
 * A merge re-points the absorbed contacts' leads to the surviving contact. Replaying the
 * event finds nothing left to move, so it is idempotent by nature.
 */
export async function onContactUpserted(
  event: ContactUpsertedV1,
  db: Db,
  ctx: MessageContext,
): Promise<void> {
  if (event.change !== 'merged' || event.mergedContactIds.length === 0) return
  const moved = await db.lead.updateMany({
    where: { contactId: { in: event.mergedContactIds } },
    data: { contactId: event.contactId },
  })
  ctx.log.info({ contactId: event.contactId, leads: moved.count }, 'leads re-pointed after contact merge')
}
