import type { SecretBox } from '@leadflow/crypto'
import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { isIpOrCidr } from '../domain/ip-allowlist.js'
import type { PrismaClient, ProviderSetting } from '../generated/prisma/client.js'
import { fixedProviders, inboundProvider, type SettingsCache } from '../settings/provider-settings.js'

export interface ProviderRouteOptions {
  db: PrismaClient
  box: SecretBox
  settings: SettingsCache
}

const ipList = {
  type: 'array',
  maxItems: 200,
  items: { type: 'string', minLength: 1, maxLength: 64 },
} as const
const secretField = { type: 'string', minLength: 8, maxLength: 512 } as const

const putBody = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: {
    enabled: { type: 'boolean' },
    secret: secretField,
    secrets: { type: 'array', minItems: 1, maxItems: 5, items: secretField },
    allowedIps: ipList,
    allowAnyIp: { type: 'boolean' },
    trustedProxies: ipList,
    rateLimitPerMinute: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 },
    defaultRegion: { type: ['string', 'null'], pattern: '^[A-Za-z]{2}$' },
    defaultLeadSource: { type: ['string', 'null'], minLength: 1, maxLength: 100 },
  },
} as const

const settingsView = {
  type: 'object',
  properties: {
    provider: { type: 'string' },
    kind: { type: 'string' },
    source: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    hasSecret: { type: 'boolean' },
    secret: { type: ['string', 'null'] },
    secretCount: { type: 'integer' },
    allowedIps: { type: 'array', items: { type: 'string' } },
    allowAnyIp: { type: 'boolean' },
    trustedProxies: { type: 'array', items: { type: 'string' } },
    rateLimitPerMinute: { type: ['integer', 'null'] },
    defaultRegion: { type: ['string', 'null'] },
    defaultLeadSource: { type: ['string', 'null'] },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const

interface PutBody {
  enabled: boolean
  secret?: string
  secrets?: string[]
  allowedIps?: string[]
  allowAnyIp?: boolean
  trustedProxies?: string[]
  rateLimitPerMinute?: number | null
  defaultRegion?: string | null
  defaultLeadSource?: string | null
}

const mask = (secret: string) => `••••${secret.slice(-4)}`

function view(row: ProviderSetting, box: SecretBox) {
  let current: string | null = null
  try {
    current = row.secrets[0] ? mask(box.decrypt(row.secrets[0])) : null
  } catch {
    current = '••••'
  }
  const inbound = row.provider.startsWith('inbound:')
  return {
    provider: row.provider,
    kind: inbound ? 'inbound' : row.provider,
    source: inbound ? row.provider.slice('inbound:'.length) : null,
    enabled: row.enabled,
    hasSecret: row.secrets.length > 0,
    secret: current,
    secretCount: row.secrets.length,
    allowedIps: row.allowedIps,
    allowAnyIp: row.allowAnyIp,
    trustedProxies: row.trustedProxies,
    rateLimitPerMinute: row.rateLimitPerMin,
    defaultRegion: row.defaultRegion,
    defaultLeadSource: row.defaultLeadSource,
    updatedAt: row.updatedAt.toISOString(),
  }
}

function validate(provider: string, body: PutBody, existing: ProviderSetting | null) {
  const errors: { field: string; message: string }[] = []
  for (const field of ['allowedIps', 'trustedProxies'] as const)
    (body[field] ?? []).forEach((entry, i) => {
      if (!isIpOrCidr(entry))
        errors.push({ field: `${field}.${i}`, message: 'must be an IP address or CIDR block' })
    })
  const allowedIps = body.allowedIps ?? existing?.allowedIps ?? []
  const anyIp = body.allowAnyIp ?? existing?.allowAnyIp ?? false
  const unsigned = provider === 'zadarma' || provider === 'onlinepbx'
  if (body.enabled && unsigned && allowedIps.length === 0 && !anyIp)
    errors.push({
      field: 'allowedIps',
      message: 'this provider is not signed: list its addresses or set allowAnyIp',
    })
  const hasSecret =
    body.secret !== undefined || body.secrets !== undefined || (existing?.secrets.length ?? 0) > 0
  if (body.enabled && !hasSecret)
    errors.push({ field: 'secret', message: 'an enabled provider needs a secret' })
  if (body.secret !== undefined && body.secrets !== undefined)
    errors.push({ field: 'secrets', message: 'give either secret or secrets' })
  if (errors.length > 0)
    throw appError('validation_failed', 'The provider settings are not valid', { errors })
}

/** Internal API for the gateway: provider settings, secrets sealed at rest and masked on read. */
export function providerRoutes(
  app: FastifyInstance,
  { db, box, settings }: ProviderRouteOptions,
): Promise<void> {
  app.get(
    '/internal/v1/providers',
    {
      schema: {
        response: { 200: { type: 'object', properties: { data: { type: 'array', items: settingsView } } } },
      },
    },
    async () => {
      const rows = await db.providerSetting.findMany({ orderBy: { provider: 'asc' }, take: 500 })
      return { data: rows.map((row) => view(row, box)) }
    },
  )

  const paths = [
    {
      url: '/internal/v1/providers/:provider',
      params: { provider: { type: 'string', enum: [...fixedProviders] } },
      key: (p: Record<string, string>) => p.provider ?? '',
    },
    {
      url: '/internal/v1/providers/inbound/:source',
      params: { source: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' } },
      key: (p: Record<string, string>) => inboundProvider(p.source ?? ''),
    },
  ]
  for (const path of paths) {
    const params = { type: 'object', required: Object.keys(path.params), properties: path.params }
    app.get(path.url, { schema: { params, response: { 200: settingsView } } }, async (request) => {
      const row = await db.providerSetting.findUnique({
        where: { provider: path.key(request.params as Record<string, string>) },
      })
      if (!row) throw appError('not_found', 'This provider has no settings yet')
      return view(row, box)
    })
    app.put(
      path.url,
      { schema: { params, body: putBody, response: { 200: settingsView } } },
      async (request) => {
        const provider = path.key(request.params as Record<string, string>)
        const body = request.body as PutBody
        const existing = await db.providerSetting.findUnique({ where: { provider } })
        validate(provider, body, existing)
        const plain = body.secrets ?? (body.secret !== undefined ? [body.secret] : undefined)
        const data = {
          enabled: body.enabled,
          ...(plain && { secrets: plain.map((secret) => box.encrypt(secret)) }),
          ...(body.allowedIps && { allowedIps: body.allowedIps }),
          ...(body.allowAnyIp !== undefined && { allowAnyIp: body.allowAnyIp }),
          ...(body.trustedProxies && { trustedProxies: body.trustedProxies }),
          ...(body.rateLimitPerMinute !== undefined && { rateLimitPerMin: body.rateLimitPerMinute }),
          ...(body.defaultRegion !== undefined && {
            defaultRegion: body.defaultRegion?.toUpperCase() ?? null,
          }),
          ...(body.defaultLeadSource !== undefined && { defaultLeadSource: body.defaultLeadSource }),
        }
        const row = await db.providerSetting.upsert({
          where: { provider },
          create: { provider, secrets: [], ...data },
          update: data,
        })
        settings.invalidate(provider)
        request.log.info({ provider, enabled: row.enabled }, 'provider settings changed')
        return view(row, box)
      },
    )
  }
  return Promise.resolve()
}
