import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/transaction.js'
import { emitLeadsChanged } from '../routing/lead-events.js'

export interface LeadRepublishOptions {
  db: Db
  onEventsQueued: () => void
}

const pageSize = 500

/**
 * `POST /leads/republish`: queues LeadChanged with the current state of every lead, a page per
 * transaction, so a read model can be rebuilt or filled with leads older than itself (e.g. the
 * gateway's lead list after an upgrade). Readers keep the highest version, so republishing is
 * harmless at any time, concurrent changes included.
 */
export function leadRepublishRoutes(
  app: FastifyInstance,
  { db, onEventsQueued }: LeadRepublishOptions,
): void {
  app.post(
    '/leads/republish',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            required: ['queued'],
            properties: { queued: { type: 'integer', description: 'LeadChanged events queued' } },
          },
        },
      },
    },
    async () => {
      let queued = 0
      for (let after: string | undefined; ;) {
        const leads = await db.$transaction(async (tx) => {
          const page = await tx.lead.findMany({
            orderBy: { id: 'asc' },
            take: pageSize,
            ...(after ? { where: { id: { gt: after } } } : {}),
          })
          await emitLeadsChanged(tx, page)
          return page
        })
        if (leads.length === 0) break
        queued += leads.length
        onEventsQueued()
        after = leads.at(-1)?.id
      }
      return { queued }
    },
  )
}
