import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { campaignAudienceFor, type CampaignAudience } from '../domain/campaigns-access.js'
import { gatewayError } from '../errors.js'
import { campaignGuard, type Campaign } from './campaigns.route.js'
import { audienceJson, campaignJson, createCampaignBody } from './campaigns-schemas.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import { auditFields, internalApi, noContent } from './settings-proxy.js'

const { name, variables, accountId } = createCampaignBody.properties

/** Changing a draft or paused campaign, and deleting a draft: administrators and heads. */
export function campaignEditRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  const tags = ['campaigns']
  app.addHook('preHandler', campaignGuard)
  const api = (request: FastifyRequest) => internalApi(request, config.MAILER_URL, config.INTERNAL_API_TOKEN)
  const one = (id: string) => `/internal/v1/campaigns/${id}`

  app.patch<{
    Params: { id: string }
    Body: { audience?: CampaignAudience | null } & Record<string, unknown>
  }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft or paused campaign; a changed audience is loaded again on resume',
        security: bearerAuth,
        params: uuidParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { name, variables, accountId, audience: audienceJson },
        },
        response: responses({ 200: campaignJson }),
      },
    },
    async (request) => {
      const decision = campaignAudienceFor(request.principal, request.body.audience)
      if (!decision.allowed) throw gatewayError('insufficient_role', { message: decision.reason })
      const body = {
        ...request.body,
        ...(decision.audience === undefined ? {} : { audience: decision.audience }),
      }
      const path = one(request.params.id)
      const before = await api(request).get<Campaign>(path)
      const after = await api(request).patch<Campaign>(path, body)
      const changed = Object.keys(body)
      await audit(db, request, {
        action: 'campaign.update',
        targetType: 'campaign',
        targetId: after.id,
        before: auditFields(before, changed),
        after: auditFields(after, changed),
      })
      const { status: _status, ...progress } = await api(request).get<Record<string, unknown>>(
        `${path}/progress`,
      )
      return { ...after, progress }
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft campaign (one that has sent anything stays, for its unsubscribe links)',
        security: bearerAuth,
        params: uuidParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      const path = one(request.params.id)
      const before = await api(request).get<Campaign>(path)
      await api(request).delete(path)
      await audit(db, request, {
        action: 'campaign.delete',
        targetType: 'campaign',
        targetId: before.id,
        before: auditFields(before, ['name', 'status']),
      })
      return reply.code(204).send()
    },
  )
  return Promise.resolve()
}
