import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { canReadLead, type LeadRef } from '../domain/lead-access.js'
import { gatewayError } from '../errors.js'
import { downstream, fromDownstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, pageOf, responses, uuidParams } from './schemas.js'

const touchSchema = {
  type: 'object',
  description: 'One event in the life of a lead, oldest first',
  properties: {
    id: { type: 'string', format: 'uuid' },
    leadId: { type: 'string', format: 'uuid' },
    kind: {
      type: 'string',
      description: 'call, email, form, payment, note, status_change, assignment or escalation',
    },
    occurredAt: { type: 'string', format: 'date-time' },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['id', 'leadId', 'kind', 'occurredAt', 'details'],
} as const

/** The timeline of a lead, held to the same visibility as `GET /leads/:id`. */
export function leadTimelineRoutes(app: FastifyInstance, { config }: RouteDeps): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { limit: number; cursor?: string } }>(
    '/leads/:id/timeline',
    {
      schema: {
        tags: ['leads'],
        summary: 'Calls, e-mails, forms, payments, notes, status changes and assignments of a lead',
        security: apiKeyOrBearer,
        params: uuidParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 512 },
          },
        },
        response: responses({ 200: pageOf(touchSchema) }),
      },
    },
    async (request) => {
      const principal = request.principal
      if (!principal) throw gatewayError('missing_credentials')
      const router = downstream(request, config.LEAD_ROUTER_URL, config.INTERNAL_API_TOKEN)
      const path = `/internal/v1/leads/${request.params.id}`
      const lead = await router.get<LeadRef>(path).catch(fromDownstream)
      // A lead the caller may not see does not exist for them (no id probing).
      if (!canReadLead(principal, lead)) throw appError('not_found', 'No such lead')
      return router.get(`${path}/timeline`, { ...request.query }).catch(fromDownstream)
    },
  )
  return Promise.resolve()
}
