import { AppError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses } from './schemas.js'
import {
  adminOnly,
  auditFields,
  instant,
  internalApi,
  nullableString,
  strictObject,
} from './settings-proxy.js'

const ipList = {
  type: 'array',
  maxItems: 200,
  items: { type: 'string', minLength: 1, maxLength: 64, description: 'An IP address or CIDR block' },
} as const
const secretField = { type: 'string', minLength: 8, maxLength: 512, writeOnly: true } as const

/** What an administrator sees: secrets only as "set" and a count, never their value or tail. */
const providerJson = strictObject({
  provider: { type: 'string', description: '`zadarma`, `onlinepbx`, `stripe` or `inbound:<source>`' },
  kind: { type: 'string', enum: ['zadarma', 'onlinepbx', 'stripe', 'inbound'] },
  source: { ...nullableString, description: 'The Standard Webhooks source, for `inbound`' },
  enabled: { type: 'boolean' },
  hasSecret: { type: 'boolean' },
  secretCount: { type: 'integer', description: 'More than one while a rotation is in progress' },
  allowedIps: { type: 'array', items: { type: 'string' } },
  allowAnyIp: { type: 'boolean' },
  trustedProxies: { type: 'array', items: { type: 'string' } },
  rateLimitPerMinute: { type: ['integer', 'null'] },
  defaultRegion: nullableString,
  defaultLeadSource: nullableString,
  updatedAt: instant,
})

const putBody = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: {
    enabled: { type: 'boolean' },
    secret: {
      ...secretField,
      description: 'Replaces every stored secret (for OnlinePBX: the path token). Write-only.',
    },
    secrets: {
      type: 'array',
      minItems: 1,
      maxItems: 5,
      items: secretField,
      description: 'Several secrets that all verify, for a rotation window (newest first). Write-only.',
    },
    allowedIps: ipList,
    allowAnyIp: { type: 'boolean' },
    trustedProxies: ipList,
    rateLimitPerMinute: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    defaultRegion: { type: ['string', 'null'], pattern: '^[A-Za-z]{2}$' },
    defaultLeadSource: { type: ['string', 'null'], minLength: 1, maxLength: 100 },
  },
} as const

interface ProviderView extends Record<string, unknown> {
  provider: string
}

const fixedParams = {
  type: 'object',
  additionalProperties: false,
  required: ['provider'],
  properties: { provider: { type: 'string', enum: ['zadarma', 'onlinepbx', 'stripe'] } },
} as const
const inboundParams = {
  type: 'object',
  additionalProperties: false,
  required: ['source'],
  properties: { source: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' } },
} as const

/** Settings the audit entry keeps: everything but secrets. */
function auditView(view: ProviderView) {
  const kept = Object.keys(providerJson.properties).filter((key) => key !== 'updatedAt')
  return auditFields(view, kept)
}

/** Webhook provider settings held by webhook-ingest (administrators only; secrets write-only). */
export function providerRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  const tags = ['providers']
  app.addHook('preHandler', adminOnly)
  const api = (request: FastifyRequest) =>
    internalApi(request, config.WEBHOOK_INGEST_URL, config.INTERNAL_API_TOKEN)

  app.get(
    '/providers',
    {
      schema: {
        tags,
        summary: 'Every configured webhook provider and Standard Webhooks source (admin)',
        security: bearerAuth,
        response: responses({
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['data', 'nextCursor'],
            properties: { data: { type: 'array', items: providerJson }, nextCursor: nullableString },
          },
        }),
      },
    },
    async (request) => {
      const all = await api(request).get<{ data: ProviderView[] }>('/internal/v1/providers')
      return { data: all.data, nextCursor: null }
    },
  )

  const routes = [
    { url: '/providers/:provider', params: fixedParams, path: (p: Record<string, string>) => p.provider },
    {
      url: '/providers/inbound/:source',
      params: inboundParams,
      path: (p: Record<string, string>) => `inbound/${p.source}`,
    },
  ]
  for (const route of routes) {
    const internalPath = (request: FastifyRequest) =>
      `/internal/v1/providers/${route.path(request.params as Record<string, string>) ?? ''}`
    app.get(
      route.url,
      {
        schema: {
          tags,
          summary: 'Provider settings, secrets masked (admin)',
          security: bearerAuth,
          params: route.params,
          response: responses({ 200: providerJson }),
        },
      },
      async (request) => api(request).get<ProviderView>(internalPath(request)),
    )
    app.put<{ Body: { secret?: string; secrets?: string[] } }>(
      route.url,
      {
        schema: {
          tags,
          summary: 'Create or change provider settings; takes effect without a restart (admin)',
          security: bearerAuth,
          params: route.params,
          body: putBody,
          response: responses({ 200: providerJson }),
        },
      },
      async (request) => {
        const path = internalPath(request)
        const before = await api(request)
          .get<ProviderView>(path)
          .catch((err: unknown) => {
            if (err instanceof AppError && err.status === 404) return null
            throw err
          })
        const after = await api(request).put<ProviderView>(path, request.body)
        const secretsChanged = request.body.secret !== undefined || request.body.secrets !== undefined
        await audit(db, request, {
          action: 'provider.update',
          targetType: 'provider',
          targetId: after.provider,
          ...(before ? { before: auditView(before) } : {}),
          after: { ...auditView(after), secretsChanged },
        })
        return after
      },
    )
  }
  return Promise.resolve()
}
