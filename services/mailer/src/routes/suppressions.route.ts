import type { FastifyInstance } from 'fastify'
import { suppress } from '../delivery/mail-requests.js'
import { page } from '../domain/list-cursor.js'
import { suppressionNotFound } from '../errors.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import {
  email,
  listOf,
  listQuery,
  noContent,
  nullableString,
  parseCursor,
  type ListQuery,
} from './json-schemas.js'

const suppressionSchema = {
  type: 'object',
  required: ['email', 'reason', 'createdAt'],
  properties: {
    email: { type: 'string' },
    reason: { type: 'string' },
    detail: nullableString,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const

const reasons = ['unsubscribe', 'hard_bounce', 'complaint', 'manual'] as const

export function suppressionRoutes(app: FastifyInstance, { db }: { db: PrismaClient }): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/suppressions',
    { schema: { querystring: listQuery, response: { 200: listOf(suppressionSchema) } } },
    async (request) => {
      const { limit, cursor } = request.query
      const after = parseCursor(cursor)
      const rows = await db.suppression.findMany({
        where: after ? { email: { gt: after.id } } : {},
        orderBy: { email: 'asc' },
        take: limit + 1,
      })
      return page(rows, limit, (s) => [s.email, s.email])
    },
  )

  app.post<{ Body: { email: string; reason?: (typeof reasons)[number]; detail?: string } }>(
    '/suppressions',
    {
      schema: {
        body: {
          type: 'object',
          required: ['email'],
          additionalProperties: false,
          properties: {
            email,
            reason: { type: 'string', enum: reasons },
            detail: { type: 'string', maxLength: 500 },
          },
        },
        response: { 201: suppressionSchema },
      },
    },
    async (request, reply) => {
      const { email: address, reason = 'manual', detail } = request.body
      await suppress(db, [address], reason, detail)
      const row = await db.suppression.findUniqueOrThrow({ where: { email: address.trim().toLowerCase() } })
      return reply.code(201).send(row)
    },
  )

  app.delete<{ Params: { email: string } }>(
    '/suppressions/:email',
    {
      schema: {
        params: { type: 'object', required: ['email'], properties: { email }, additionalProperties: false },
        response: noContent,
      },
    },
    async (request, reply) => {
      const { count } = await db.suppression.deleteMany({
        where: { email: request.params.email.toLowerCase() },
      })
      if (count === 0) throw suppressionNotFound()
      return reply.code(204).send()
    },
  )
  return Promise.resolve()
}
