import { leadRequiredFields, leadStatuses, nullableInstant, nullableString } from '@leadflow/api-schemas'
import { appError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { canEditLead, canReadLead, leadListScope, type LeadRef } from '../domain/lead-access.js'
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

interface Lead extends LeadRef {
  id: string
  status: string
}

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

/** Leads from lead-router, held to the caller's role: agents their own, heads their department's. */
export function leadReadRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
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
    async (request) => {
      const { ownerId, departmentId, ...rest } = request.query
      const scope = leadListScope(principalOf(request), { ownerId, departmentId })
      if (!scope) throw gatewayError('insufficient_role')
      return client(request)
        .get<{ data: Lead[]; nextCursor: string | null }>('/internal/v1/leads', { ...rest, ...scope })
        .catch(fromDownstream)
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
      return after
    },
  )
  return Promise.resolve()
}
