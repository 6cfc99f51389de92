import type { FastifyInstance } from 'fastify'
import type { CampaignRunner } from '../campaigns/campaign-runner.js'
import { progressOf } from '../campaigns/campaign-store.js'
import { page } from '../domain/list-cursor.js'
import { hasTemplate } from '../domain/templates.js'
import { campaignNotFound, campaignState, unknownTemplate } from '../errors.js'
import { Prisma, type Campaign, type PrismaClient } from '../generated/prisma/client.js'
import { afterCreated, idParams, listOf, listQuery, noContent, type ListQuery } from './json-schemas.js'
import {
  campaignSchema,
  createCampaignBody,
  patchCampaignBody,
  progressSchema,
  recipientsBody,
  type Audience,
  type RecipientInput,
} from './campaign.schemas.js'

export interface CampaignRoutesOptions {
  db: PrismaClient
  runner: Pick<CampaignRunner, 'wake'>
}

interface CampaignBody {
  name: string
  template: string
  variables?: Record<string, string>
  accountId?: string | null
  recipients?: RecipientInput[]
  audience?: Audience | null
}

/** Prisma writes a JSON null column as `Prisma.DbNull`. */
const audienceColumn = (audience: Audience | null) =>
  audience === null ? Prisma.DbNull : (audience as Prisma.InputJsonObject)

const toJson = (c: Campaign) => ({ ...c, createdAt: c.createdAt.toISOString() })

function recipientRows(campaignId: string, recipients: readonly RecipientInput[]) {
  return recipients.map((r) => ({
    campaignId,
    email: r.email.trim().toLowerCase(),
    variables: r.variables ?? {},
  }))
}

export function campaignRoutes(app: FastifyInstance, { db, runner }: CampaignRoutesOptions): Promise<void> {
  async function load(id: string) {
    const campaign = await db.campaign.findUnique({ where: { id } })
    if (!campaign) throw campaignNotFound(id)
    return campaign
  }
  /** Moves a campaign from one of `from` to `to`; 409 when it is in another state. */
  async function transition(id: string, from: string[], to: string, extra: object = {}) {
    const { count } = await db.campaign.updateMany({
      where: { id, status: { in: from } },
      data: { status: to, ...extra },
    })
    if (count === 0) {
      const campaign = await load(id)
      throw campaignState(`campaign is ${campaign.status}; expected ${from.join(' or ')}`)
    }
    return load(id)
  }

  app.post<{ Body: CampaignBody }>(
    '/campaigns',
    {
      schema: { body: createCampaignBody, response: { 201: campaignSchema } },
    },
    async (request, reply) => {
      const {
        name,
        template,
        variables = {},
        accountId = null,
        recipients = [],
        audience = null,
      } = request.body
      if (!hasTemplate(template)) throw unknownTemplate(template)
      const campaign = await db.$transaction(async (tx) => {
        const created = await tx.campaign.create({
          data: { name, template, variables, accountId, audience: audienceColumn(audience) },
        })
        await tx.campaignRecipient.createMany({
          data: recipientRows(created.id, recipients),
          skipDuplicates: true,
        })
        return created
      })
      return reply.code(201).send(toJson(campaign))
    },
  )

  app.get<{ Querystring: ListQuery }>(
    '/campaigns',
    { schema: { querystring: listQuery, response: { 200: listOf(campaignSchema) } } },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await db.campaign.findMany({
        where: afterCreated(cursor),
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const result = page(rows, limit, (c) => [c.createdAt.toISOString(), c.id])
      return { data: result.data.map(toJson), nextCursor: result.nextCursor }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/campaigns/:id',
    { schema: { params: idParams, response: { 200: campaignSchema } } },
    async (request) => toJson(await load(request.params.id)),
  )

  app.patch<{ Params: { id: string }; Body: Partial<CampaignBody> }>(
    '/campaigns/:id',
    {
      schema: { params: idParams, body: patchCampaignBody, response: { 200: campaignSchema } },
    },
    async (request) => {
      const { name, variables, accountId, audience } = request.body
      const data = {
        ...(name ? { name } : {}),
        ...(variables ? { variables } : {}),
        ...(accountId !== undefined ? { accountId } : {}),
        // A changed audience is loaded again on resume; recipients already added stay.
        ...(audience !== undefined ? { audience: audienceColumn(audience), audienceLoadedAt: null } : {}),
      }
      const { count } = await db.campaign.updateMany({
        where: { id: request.params.id, status: { in: ['draft', 'paused'] } },
        data,
      })
      if (count === 0)
        throw campaignState(`campaign is ${(await load(request.params.id)).status}; pause it first`)
      return toJson(await load(request.params.id))
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/campaigns/:id',
    { schema: { params: idParams, response: noContent } },
    async (request, reply) => {
      const { count } = await db.campaign.deleteMany({
        where: { id: request.params.id, status: 'draft' },
      })
      if (count === 0) {
        await load(request.params.id)
        // Sent mails carry unsubscribe links naming their recipient rows, so those rows stay.
        throw campaignState('only a draft campaign can be deleted')
      }
      return reply.code(204).send()
    },
  )

  app.post<{ Params: { id: string }; Body: { recipients: RecipientInput[] } }>(
    '/campaigns/:id/recipients',
    { schema: { params: idParams, body: recipientsBody, response: { 200: progressSchema } } },
    async (request) => {
      const campaign = await load(request.params.id)
      if (campaign.status === 'completed') throw campaignState('campaign is completed')
      await db.campaignRecipient.createMany({
        data: recipientRows(campaign.id, request.body.recipients),
        skipDuplicates: true,
      })
      return progressOf(db, campaign.id)
    },
  )

  app.post<{ Params: { id: string } }>(
    '/campaigns/:id/start',
    { schema: { params: idParams, response: { 200: campaignSchema } } },
    async (request) => {
      const campaign = await transition(request.params.id, ['draft'], 'running', { startedAt: new Date() })
      runner.wake()
      return toJson(campaign)
    },
  )

  app.post<{ Params: { id: string } }>(
    '/campaigns/:id/pause',
    { schema: { params: idParams, response: { 200: campaignSchema } } },
    async (request) => toJson(await transition(request.params.id, ['running'], 'paused')),
  )

  app.post<{ Params: { id: string } }>(
    '/campaigns/:id/resume',
    { schema: { params: idParams, response: { 200: campaignSchema } } },
    async (request) => {
      const campaign = await transition(request.params.id, ['paused'], 'running')
      runner.wake()
      return toJson(campaign)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/campaigns/:id/progress',
    { schema: { params: idParams, response: { 200: progressSchema } } },
    async (request) => {
      const campaign = await load(request.params.id)
      return { status: campaign.status, ...(await progressOf(db, campaign.id)) }
    },
  )
  return Promise.resolve()
}
