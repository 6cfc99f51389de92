import type { ContactUpsertedV1 } from '@leadflow/contracts'
import type { MessageContext } from '@leadflow/kafka'
import type { Db } from '../db/transaction.js'
import { emitLeadsChanged } from '../routing/lead-events.js'

/**
 * A merge re-points the absorbed contacts' leads to the surviving contact, and queues their new
 * state. Replaying the event finds nothing left to move, so it is idempotent by nature.
 */
export async function onContactUpserted(
  event: ContactUpsertedV1,
  deps: { db: Db; onEventsQueued: () => void },
  ctx: MessageContext,
): Promise<void> {
  if (event.change !== 'merged' || event.mergedContactIds.length === 0) return
  const moved = await deps.db.$transaction(async (tx) => {
    const leads = await tx.lead.updateManyAndReturn({
      where: { contactId: { in: event.mergedContactIds } },
      data: { contactId: event.contactId },
    })
    await emitLeadsChanged(tx, leads)
    return leads.length
  })
  if (moved > 0) deps.onEventsQueued()
  ctx.log.info({ contactId: event.contactId, leads: moved }, 'leads re-pointed after contact merge')
}
