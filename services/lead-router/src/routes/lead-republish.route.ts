import type { FastifyInstance } from 'fastify'
import { useSchema, type Db } from '../db/transaction.js'
import { leadStateColumns } from '../db/lead-state-columns.js'
import { emitLeadsChanged, type LeadState } from '../routing/lead-events.js'

export interface LeadRepublishOptions {
  db: Db
  schema: string
  onEventsQueued: () => void
}

const pageSize = 500

/**
 * `POST /leads/republish`: queues LeadChanged with the current state of every lead, a page per
 * transaction, so a read model can be rebuilt or filled with leads older than itself (e.g. the
 * gateway's lead list after an upgrade). Each page is read under a share lock: a change being
 * made to one of its leads commits first (and is what gets read) or waits, so the republished
 * state is never queued after a newer one; a compacted topic's last event of a lead stays its
 * newest. Readers keep the highest version, so republishing is harmless at any time.
 */
export function leadRepublishRoutes(
  app: FastifyInstance,
  { db, schema, onEventsQueued }: LeadRepublishOptions,
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
          await useSchema(tx, schema)
          const page = await tx.$queryRaw<LeadState[]>`
            SELECT ${leadStateColumns} FROM leads
            WHERE leads.id > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
            ORDER BY leads.id LIMIT ${pageSize} FOR SHARE`
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
