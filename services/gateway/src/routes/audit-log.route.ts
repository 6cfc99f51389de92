import type { FastifyInstance } from 'fastify'
import { requireUser } from '../auth/guards.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { gatewayError } from '../errors.js'
import type { Prisma } from '../generated/prisma/client.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, pageOf, responses } from './schemas.js'

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    actorType: { type: 'string', enum: ['user', 'api_key', 'system', 'anonymous'] },
    actorId: { type: ['string', 'null'] },
    action: { type: 'string' },
    targetType: { type: ['string', 'null'] },
    targetId: { type: ['string', 'null'] },
    ip: { type: ['string', 'null'] },
    requestId: { type: ['string', 'null'] },
    before: { type: ['object', 'null'], additionalProperties: true },
    after: { type: ['object', 'null'], additionalProperties: true },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'actorType', 'actorId', 'action', 'createdAt'],
} as const

interface AuditQuery {
  limit: number
  cursor?: string
  action?: string
  actorId?: string
  targetId?: string
}

/** `GET /audit-log` (admin): newest first, filterable by action, actor and target. */
export function auditLogRoutes(app: FastifyInstance, { db }: RouteDeps): Promise<void> {
  app.addHook('preHandler', requireUser('admin'))
  app.get<{ Querystring: AuditQuery }>(
    '/audit-log',
    {
      schema: {
        tags: ['audit-log'],
        security: bearerAuth,
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 512 },
            action: { type: 'string', maxLength: 100 },
            actorId: { type: 'string', maxLength: 100 },
            targetId: { type: 'string', maxLength: 100 },
          },
          additionalProperties: false,
        },
        response: responses({ 200: pageOf(entrySchema) }),
      },
    },
    async (request) => {
      const { limit, cursor, action, actorId, targetId } = request.query
      const after = cursor === undefined ? null : decodeCursor(cursor)
      if (cursor !== undefined && (!after || !/^\d+$/.test(after.id))) throw gatewayError('invalid_cursor')
      const where: Prisma.AuditEntryWhereInput = {
        ...(action ? { action } : {}),
        ...(actorId ? { actorId } : {}),
        ...(targetId ? { targetId } : {}),
        ...(after ? { id: { lt: BigInt(after.id) } } : {}),
      }
      const rows = await db.auditEntry.findMany({ where, orderBy: { id: 'desc' }, take: limit + 1 })
      const data = rows.slice(0, limit).map((row) => ({ ...row, id: row.id.toString() }))
      const last = data.at(-1)
      return {
        data,
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
      }
    },
  )
  return Promise.resolve()
}
