import { randomUUID } from 'node:crypto'
import { isUuid } from '@leadflow/api-schemas'
import type { Queryable } from '@leadflow/db'
import type { FastifyInstance } from 'fastify'
import { lockLead, type Db } from '../db/transaction.js'
import { decodeCursor, page } from '../domain/cursor.js'
import { canTransition, leadStatuses, type LeadStatus } from '../domain/lead-status.js'
import { invalidCursor, invalidTransition, leadNotFound } from '../errors.js'
import type { Prisma } from '../generated/prisma/client.js'
import { emitLeadsChanged } from '../routing/lead-events.js'
import { listLeads } from './lead-list.query.js'
import { idParams, leadJson, listOf, pageQuery, touchJson, uuid } from './schemas.js'

export interface LeadRoutesOptions {
  db: Db
  /** The list's own pg pool (see lead-list.query.ts). */
  reads: Queryable
  schema: string
  /** Wakes the outbox relay after a change queued events. */
  onEventsQueued: () => void
}

interface ListQuery {
  limit: number
  cursor?: string
  status?: LeadStatus
  ownerId?: string
  departmentId?: string
  source?: string
  createdFrom?: string
  createdTo?: string
  q?: string
  sort: 'createdAt' | '-createdAt'
}

export function leadRoutes(
  app: FastifyInstance,
  { db, reads, schema, onEventsQueued }: LeadRoutesOptions,
): void {
  app.get<{ Querystring: ListQuery }>(
    '/leads',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...pageQuery,
            status: { type: 'string', enum: [...leadStatuses] },
            ownerId: uuid,
            departmentId: uuid,
            source: { type: 'string', minLength: 1, maxLength: 200 },
            createdFrom: { type: 'string', format: 'date-time' },
            createdTo: { type: 'string', format: 'date-time' },
            q: { type: 'string', minLength: 1, maxLength: 200 },
            sort: { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' },
          },
        },
        response: { 200: listOf(leadJson) },
      },
    },
    async (request) => {
      const { limit, cursor, sort, ...filter } = request.query
      let after: { at: Date; id: string } | null = null
      if (cursor) {
        const position = decodeCursor(cursor)
        const at = position ? new Date(position.key) : null
        if (!position || !at || Number.isNaN(at.getTime()) || !isUuid(position.id)) throw invalidCursor()
        after = { at, id: position.id }
      }
      const rows = await listLeads(reads, {
        filter,
        after,
        desc: sort === '-createdAt',
        take: limit + 1,
      })
      return page(rows, limit, (lead) => ({ key: lead.createdAt, id: lead.id }))
    },
  )

  app.get<{ Params: { id: string } }>(
    '/leads/:id',
    { schema: { params: idParams, response: { 200: leadJson } } },
    async (request) => {
      const lead = await db.lead.findUnique({ where: { id: request.params.id } })
      if (!lead) throw leadNotFound(request.params.id)
      return lead
    },
  )

  app.patch<{ Params: { id: string }; Body: { status: LeadStatus; actorId?: string } }>(
    '/leads/:id',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: { status: { type: 'string', enum: [...leadStatuses] }, actorId: uuid },
        },
        response: { 200: leadJson },
      },
    },
    async (request) => {
      const { id } = request.params
      const { status, actorId } = request.body
      const changed = await db.$transaction(async (tx) => {
        if (!(await lockLead(tx, schema, id))) throw leadNotFound(id)
        const lead = await tx.lead.findUniqueOrThrow({ where: { id } })
        if (!canTransition(lead.status, status)) throw invalidTransition(lead.status, status)
        const now = new Date()
        const firstResponse = lead.status === 'new' && !lead.firstResponseAt
        const updated = await tx.lead.update({
          where: { id },
          data: { status, ...(firstResponse ? { firstResponseAt: now } : {}) },
        })
        // The first move out of `new` is the first response: the SLA is met and stops.
        if (firstResponse) {
          await tx.slaTimer.updateMany({
            where: { leadId: id, firedAt: null, cancelledAt: null },
            data: { cancelledAt: now },
          })
        }
        await tx.leadTouch.create({
          data: {
            leadId: id,
            kind: 'status_change',
            sourceEventId: `api:${randomUUID()}`,
            occurredAt: now,
            details: { from: lead.status, to: status, actorId: actorId ?? null },
          },
        })
        await emitLeadsChanged(tx, [updated])
        return updated
      })
      onEventsQueued()
      return changed
    },
  )

  app.get<{ Params: { id: string }; Querystring: { limit: number; cursor?: string } }>(
    '/leads/:id/timeline',
    {
      schema: {
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: listOf(touchJson) },
      },
    },
    async (request) => {
      const { id } = request.params
      const { limit, cursor } = request.query
      const lead = await db.lead.findUnique({ where: { id }, select: { id: true } })
      if (!lead) throw leadNotFound(id)
      const where: Prisma.LeadTouchWhereInput[] = [{ leadId: id }]
      if (cursor) {
        const position = decodeCursor(cursor)
        const at = position ? new Date(position.key) : null
        if (!position || !at || Number.isNaN(at.getTime())) throw invalidCursor()
        where.push({ OR: [{ occurredAt: { gt: at } }, { occurredAt: at, id: { gt: position.id } }] })
      }
      const rows = await db.leadTouch.findMany({
        where: { AND: where },
        orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      return page(rows, limit, (touch) => ({ key: touch.occurredAt.toISOString(), id: touch.id }))
    },
  )
}
