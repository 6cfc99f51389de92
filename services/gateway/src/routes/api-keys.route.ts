import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { audit } from '../audit/audit.js'
import { currentUser, requireUser } from '../auth/guards.js'
import { newApiKey, sha256 } from '../domain/opaque-token.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, idParams, responses } from './schemas.js'

/** Scopes an API key can hold. */
export const apiKeyScopes = [
  'leads:submit',
  'leads:read',
  'contacts:read',
  'contacts:write',
  'subscriptions:write',
] as const

const apiKeySchema = {
  $id: 'ApiKey',
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string', enum: apiKeyScopes } },
    createdBy: { type: ['string', 'null'] },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'name', 'scopes', 'createdBy', 'lastUsedAt', 'revokedAt', 'createdAt'],
} as const
export { apiKeySchema }

/** API keys (admin): create (the key is shown once), list, revoke. */
export function apiKeyRoutes(app: FastifyInstance, { db }: RouteDeps): Promise<void> {
  app.addHook('preHandler', requireUser('admin'))
  const tags = ['api-keys']

  app.post<{ Body: { name: string; scopes: string[] } }>(
    '/api-keys',
    {
      schema: {
        tags,
        security: bearerAuth,
        body: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            scopes: {
              type: 'array',
              items: { type: 'string', enum: apiKeyScopes },
              minItems: 1,
              uniqueItems: true,
            },
          },
          required: ['name', 'scopes'],
          additionalProperties: false,
        },
        response: responses({
          201: {
            type: 'object',
            properties: {
              key: { type: 'string', description: 'The full key; shown only in this answer' },
              apiKey: { $ref: 'ApiKey#' },
            },
            required: ['key', 'apiKey'],
          },
        }),
      },
    },
    async (request, reply) => {
      const { id, secret, key } = newApiKey()
      const apiKey = await db.$transaction(async (tx) => {
        const created = await tx.apiKey.create({
          data: {
            id,
            name: request.body.name,
            scopes: request.body.scopes,
            secretHash: sha256(secret),
            createdBy: currentUser(request).id,
          },
        })
        await audit(tx, request, {
          action: 'api_key.create',
          targetType: 'api_key',
          targetId: id,
          after: { name: created.name, scopes: created.scopes },
        })
        return created
      })
      return reply.code(201).send({ key, apiKey })
    },
  )

  app.get(
    '/api-keys',
    {
      schema: {
        tags,
        security: bearerAuth,
        response: responses({
          200: {
            type: 'object',
            properties: { data: { type: 'array', items: { $ref: 'ApiKey#' } }, nextCursor: { type: 'null' } },
            required: ['data', 'nextCursor'],
          },
        }),
      },
    },
    async () => ({
      data: await db.apiKey.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 200 }),
      nextCursor: null,
    }),
  )

  app.delete<{ Params: { id: string } }>(
    '/api-keys/:id',
    {
      schema: {
        tags,
        security: bearerAuth,
        summary: 'Revoke an API key',
        params: idParams,
        response: responses({ 200: { $ref: 'ApiKey#' } }),
      },
    },
    async (request) =>
      db.$transaction(async (tx) => {
        const before = await tx.apiKey.findUnique({ where: { id: request.params.id } })
        if (!before) throw appError('not_found', 'No such API key')
        if (before.revokedAt) return before
        const after = await tx.apiKey.update({ where: { id: before.id }, data: { revokedAt: new Date() } })
        await audit(tx, request, {
          action: 'api_key.revoke',
          targetType: 'api_key',
          targetId: before.id,
          before: { revoked: false },
          after: { revoked: true },
        })
        return after
      }),
  )
  return Promise.resolve()
}
