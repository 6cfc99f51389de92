import { randomUUID } from 'node:crypto'
import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { lockLead, type Db } from '../db/transaction.js'
import { leadNotFound, notFound } from '../errors.js'
import { pickDepartmentMember, type Assignment } from '../routing/assign-owner.js'
import { emitLeadAssigned, emitLeadsChanged } from '../routing/lead-events.js'
import { idParams, leadJson, touchJson, uuid } from './schemas.js'

export interface LeadAssignRoutesOptions {
  db: Db
  schema: string
  onEventsQueued: () => void
}

interface AssignBody {
  ownerId?: string | null
  departmentId?: string | null
  actorId?: string
}

export function leadAssignRoutes(
  app: FastifyInstance,
  { db, schema, onEventsQueued }: LeadAssignRoutesOptions,
): void {
  app.post<{ Params: { id: string }; Body: AssignBody }>(
    '/leads/:id/assign',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ownerId: { type: ['string', 'null'], format: 'uuid' },
            departmentId: { type: ['string', 'null'], format: 'uuid' },
            actorId: uuid,
          },
        },
        response: { 200: leadJson },
      },
    },
    async (request) => {
      const { id } = request.params
      const body = request.body
      const lead = await db.$transaction(async (tx) => {
        if (!(await lockLead(tx, schema, id))) throw leadNotFound(id)
        const current = await tx.lead.findUniqueOrThrow({ where: { id } })
        const departmentId = body.departmentId === undefined ? current.departmentId : body.departmentId
        if (
          departmentId &&
          !(await tx.department.findUnique({ where: { id: departmentId }, select: { id: true } }))
        ) {
          throw notFound('department', departmentId)
        }
        // An explicit owner wins; a department alone picks its next member.
        let ownerId = body.ownerId ?? null
        if (body.ownerId === undefined && departmentId) ownerId = await pickDepartmentMember(tx, departmentId)
        if (body.ownerId === undefined && !departmentId)
          throw appError('validation_failed', 'Give an ownerId or a departmentId')
        const assignment: Assignment = { ownerId, departmentId, reason: ownerId ? 'manual' : 'unassigned' }
        const updated = await tx.lead.update({ where: { id }, data: { ownerId, departmentId } })
        await emitLeadAssigned(tx, id, assignment, new Date())
        await emitLeadsChanged(tx, [updated])
        return updated
      })
      onEventsQueued()
      return lead
    },
  )

  app.post<{ Params: { id: string }; Body: { text: string; authorId?: string } }>(
    '/leads/:id/notes',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: { text: { type: 'string', minLength: 1, maxLength: 10_000 }, authorId: uuid },
        },
        response: { 201: touchJson },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const lead = await db.lead.findUnique({ where: { id }, select: { id: true } })
      if (!lead) throw leadNotFound(id)
      const touch = await db.leadTouch.create({
        data: {
          leadId: id,
          kind: 'note',
          sourceEventId: `api:${randomUUID()}`,
          occurredAt: new Date(),
          details: { text: request.body.text, authorId: request.body.authorId ?? null },
        },
      })
      return reply.code(201).send(touch)
    },
  )
}
