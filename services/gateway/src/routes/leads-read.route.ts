import {
  isUuid,
  leadRequiredFields,
  leadStatuses,
  nullableInstant,
  nullableString,
} from '@leadflow/api-schemas'
import { appError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { canEditLead, canReadLead, leadListScope, type LeadRef } from '../domain/lead-access.js'
import { leadView, type PublicLead } from '../domain/lead-view.js'
import { gatewayError } from '../errors.js'
import { downstream, fromDownstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, pageOf, pageQuery, responses, uuidParams } from './schemas.js'

export const leadSchema = {
  $id: 'Lead',
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: leadStatuses },
    source: { type: 'string' },
    contactId: nullableString,
    phoneE164: nullableString,
    email: nullableString,
    name: nullableString,
    ownerId: nullableString,
    departmentId: nullableString,
    slaDueAt: nullableInstant,
    firstResponseAt: nullableInstant,
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: leadRequiredFields,
} as const

/** The filters of the lead list, which the CSV export takes too. */
export const leadFilterProperties = {
  status: { type: 'string', enum: leadStatuses },
  ownerId: { type: 'string', format: 'uuid' },
  departmentId: { type: 'string', format: 'uuid' },
  source: { type: 'string', maxLength: 200 },
  q: {
    type: 'string',
    minLength: 1,
    maxLength: 200,
    description: 'Name, e-mail or phone in any format',
  },
} as const

export const leadSort = { type: 'string', enum: ['createdAt', '-createdAt'], default: '-createdAt' } as const

/** A lead as lead-router answers it; `version` is missing from a lead-router older than LeadChanged. */
type Lead = PublicLead & LeadRef & { version?: number }

interface ListQuery {
  limit: number
  cursor?: string
  status?: string
  ownerId?: string
  departmentId?: string
  source?: string
  q?: string
  sort?: string
}

/** An instant as the read model writes it (UTC, milliseconds), on a day that exists, from year 1. */
function isStoredInstant(text: string): boolean {
  const at = new Date(text)
  const fromYearOne = /^\d{4}-/.test(text) && !text.startsWith('0000')
  return fromYearOne && !Number.isNaN(at.getTime()) && at.toISOString() === text
}

/** The last lead of the previous page, from a list cursor; a cursor of anything else is refused. */
function pageAfter(cursor: string | undefined): { createdAt: string; id: string } | null {
  if (cursor === undefined) return null
  const after = decodeCursor(cursor)
  if (!after || !isStoredInstant(after.sortKey) || !isUuid(after.id)) {
    throw gatewayError('invalid_cursor')
  }
  return { createdAt: after.sortKey, id: after.id }
}

/**
 * Leads held to the caller's role: agents their own, heads their department's. The list is read
 * from the gateway's read model (kept from LeadChanged events); one lead and its changes go to
 * lead-router, and a change made here is written to the read model at once (read your writes).
 */
export function leadReadRoutes(app: FastifyInstance, { config, db, leadViews }: RouteDeps): Promise<void> {
  const tags = ['leads']
  const client = (request: FastifyRequest) =>
    downstream(request, config.LEAD_ROUTER_URL, config.INTERNAL_API_TOKEN)

  function principalOf(request: FastifyRequest) {
    if (!request.principal) throw gatewayError('missing_credentials')
    return request.principal
  }

  async function visibleLead(request: FastifyRequest, id: string): Promise<Lead> {
    const principal = principalOf(request)
    const lead = await client(request).get<Lead>(`/internal/v1/leads/${id}`).catch(fromDownstream)
    // A lead the caller may not see does not exist for them (no id probing).
    if (!canReadLead(principal, lead)) throw appError('not_found', 'No such lead')
    return lead
  }

  app.get<{ Querystring: ListQuery }>(
    '/leads',
    {
      schema: {
        tags,
        summary: 'List leads the caller may see',
        security: apiKeyOrBearer,
        querystring: {
          type: 'object',
          properties: {
            ...pageQuery.properties,
            ...leadFilterProperties,
            sort: leadSort,
          },
          additionalProperties: false,
        },
        response: responses({ 200: pageOf({ $ref: 'Lead#' }) }),
      },
    },
    async (request, reply) => {
      const { ownerId, departmentId, limit, cursor, sort, ...filter } = request.query
      const scope = leadListScope(principalOf(request), { ownerId, departmentId })
      if (!scope) throw gatewayError('insufficient_role')
      const page = await leadViews.page({
        filter: { ...filter, ...scope },
        after: pageAfter(cursor),
        desc: sort !== 'createdAt',
        limit,
      })
      // The rows' JSON is stored with their public fields only (domain/lead-view.ts): sent as is.
      const next = page.next ? `"${encodeCursor(page.next.createdAt, page.next.id)}"` : 'null'
      return reply.type('application/json; charset=utf-8').send(`{"data":${page.data},"nextCursor":${next}}`)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/leads/:id',
    {
      schema: {
        tags,
        security: apiKeyOrBearer,
        params: uuidParams,
        response: responses({ 200: { $ref: 'Lead#' } }),
      },
    },
    async (request) => visibleLead(request, request.params.id),
  )

  app.patch<{ Params: { id: string }; Body: { status: string } }>(
    '/leads/:id',
    {
      schema: {
        tags,
        summary: 'Change the status of a lead',
        security: apiKeyOrBearer,
        params: uuidParams,
        body: {
          type: 'object',
          properties: { status: { type: 'string', enum: leadStatuses } },
          required: ['status'],
          additionalProperties: false,
        },
        response: responses({ 200: { $ref: 'Lead#' } }),
      },
    },
    async (request) => {
      const principal = principalOf(request)
      const before = await visibleLead(request, request.params.id)
      if (!canEditLead(principal, before)) throw gatewayError('insufficient_role')
      const after = await client(request)
        .patch<Lead>(`/internal/v1/leads/${before.id}`, {
          status: request.body.status,
          actorId: principal.id,
        })
        .catch(fromDownstream)
      await audit(db, request, {
        action: 'lead.update',
        targetType: 'lead',
        targetId: before.id,
        before: { status: before.status },
        after: { status: after.status },
      })
      // Read your writes. Best effort: the change is made, and its LeadChanged brings it anyway.
      if (typeof after.version === 'number') {
        await leadViews
          .apply([leadView(after, after.version)])
          .catch((err: unknown) =>
            request.log.warn({ err, leadId: after.id }, 'lead list not updated at once'),
          )
      }
      return after
    },
  )
  return Promise.resolve()
}
