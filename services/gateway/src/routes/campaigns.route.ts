import { campaignRecipients } from '@leadflow/api-schemas'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { campaignAudienceFor, canRunCampaigns, type CampaignAudience } from '../domain/campaigns-access.js'
import { gatewayError } from '../errors.js'
import { campaignJson, createCampaignBody, progressJson } from './campaigns-schemas.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import { auditFields, internalApi, pageQueryProperties, pageResponse, type Page } from './settings-proxy.js'

export interface Campaign extends Record<string, unknown> {
  id: string
  name: string
  status: string
}

interface CampaignBody {
  name: string
  template: string
  variables?: Record<string, string>
  accountId?: string | null
  recipients?: unknown[]
  audience?: CampaignAudience | null
}

export function campaignGuard(request: FastifyRequest): Promise<void> {
  if (!request.principal) return Promise.reject(gatewayError('missing_credentials'))
  return canRunCampaigns(request.principal)
    ? Promise.resolve()
    : Promise.reject(gatewayError('insufficient_role'))
}

/** Mail campaigns held by the mailer, with their progress: administrators and department heads. */
export function campaignRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  const tags = ['campaigns']
  app.addHook('preHandler', campaignGuard)
  const api = (request: FastifyRequest) => internalApi(request, config.MAILER_URL, config.INTERNAL_API_TOKEN)
  const one = (id: string) => `/internal/v1/campaigns/${id}`

  async function withProgress(request: FastifyRequest, campaign: Campaign) {
    const { status: _status, ...progress } = await api(request).get<Record<string, unknown>>(
      `${one(campaign.id)}/progress`,
    )
    return { ...campaign, progress }
  }

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/campaigns',
    {
      schema: {
        tags,
        summary: 'Campaigns, oldest first, each with its progress (admin, head)',
        security: bearerAuth,
        querystring: { type: 'object', additionalProperties: false, properties: pageQueryProperties },
        response: pageResponse(campaignJson),
      },
    },
    async (request) => {
      const page = await api(request).get<Page<Campaign>>('/internal/v1/campaigns', request.query)
      const data = await Promise.all(page.data.map((campaign) => withProgress(request, campaign)))
      return { data, nextCursor: page.nextCursor }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'A campaign and its progress',
        security: bearerAuth,
        params: uuidParams,
        response: responses({ 200: campaignJson }),
      },
    },
    async (request) => withProgress(request, await api(request).get<Campaign>(one(request.params.id))),
  )

  app.post<{ Body: CampaignBody }>(
    '/campaigns',
    {
      schema: {
        tags,
        summary:
          "Create a draft campaign (admin; heads: explicit recipients or their own department's leads)",
        security: bearerAuth,
        body: createCampaignBody,
        response: responses({ 201: campaignJson }),
      },
    },
    async (request, reply) => {
      const decision = campaignAudienceFor(request.principal, request.body.audience)
      if (!decision.allowed) throw gatewayError('insufficient_role', { message: decision.reason })
      const body = {
        ...request.body,
        ...(decision.audience === undefined ? {} : { audience: decision.audience }),
      }
      const created = await api(request).post<Campaign>('/internal/v1/campaigns', body)
      await audit(db, request, {
        action: 'campaign.create',
        targetType: 'campaign',
        targetId: created.id,
        after: {
          ...auditFields({ name: created.name, template: body.template, audience: body.audience ?? null }, [
            'name',
            'template',
            'audience',
          ]),
          recipients: body.recipients?.length ?? 0,
        },
      })
      return reply.code(201).send(await withProgress(request, created))
    },
  )

  app.post<{ Params: { id: string }; Body: { recipients: unknown[] } }>(
    '/campaigns/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Add recipients (an address already listed is kept once)',
        security: bearerAuth,
        params: uuidParams,
        body: {
          type: 'object',
          required: ['recipients'],
          additionalProperties: false,
          properties: { recipients: campaignRecipients },
        },
        response: responses({ 200: progressJson }),
      },
    },
    async (request) => {
      const progress = await api(request).post<unknown>(`${one(request.params.id)}/recipients`, request.body)
      await audit(db, request, {
        action: 'campaign.recipients',
        targetType: 'campaign',
        targetId: request.params.id,
        after: { added: request.body.recipients.length },
      })
      return progress
    },
  )

  for (const action of ['start', 'pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(
      `/campaigns/:id/${action}`,
      {
        schema: {
          tags,
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a campaign`,
          security: bearerAuth,
          params: uuidParams,
          response: responses({ 200: campaignJson }),
        },
      },
      async (request) => {
        const before = await api(request).get<Campaign>(one(request.params.id))
        const after = await api(request).post<Campaign>(`${one(request.params.id)}/${action}`)
        await audit(db, request, {
          action: `campaign.${action}`,
          targetType: 'campaign',
          targetId: after.id,
          before: { status: before.status },
          after: { status: after.status },
        })
        return withProgress(request, after)
      },
    )
  }
  return Promise.resolve()
}
