import { routingRuleWriteFields } from '@leadflow/api-schemas'
import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/transaction.js'
import { ruleMatchSchema } from '../domain/routing-rule.js'
import { notFound } from '../errors.js'
import type { Prisma } from '../generated/prisma/client.js'
import { afterCursor, pageById } from './list-by-id.js'
import { idParams, instant, listOf, nullableUuid, pageQuery, uuid } from './schemas.js'

const ruleJson = {
  type: 'object',
  required: [
    'id',
    'name',
    'priority',
    'active',
    'match',
    'departmentId',
    'ownerId',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: uuid,
    name: { type: 'string' },
    priority: { type: 'integer' },
    active: { type: 'boolean' },
    match: { type: 'object', additionalProperties: true },
    departmentId: nullableUuid,
    ownerId: nullableUuid,
    createdAt: instant,
    updatedAt: instant,
  },
} as const

const ruleBody = {
  type: 'object',
  additionalProperties: false,
  properties: routingRuleWriteFields,
} as const

interface RuleBody {
  name?: string
  priority?: number
  active?: boolean
  match?: Record<string, unknown>
  departmentId?: string | null
  ownerId?: string | null
}

async function checked(db: Db, body: RuleBody): Promise<Prisma.RoutingRuleUncheckedUpdateInput> {
  const { match, ...rest } = body
  const data: Prisma.RoutingRuleUncheckedUpdateInput = { ...rest }
  if (match !== undefined) {
    const parsed = ruleMatchSchema.safeParse(match)
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        field: `/match/${issue.path.join('/')}`,
        message: issue.message,
      }))
      throw appError('validation_failed', 'The rule match is not valid', { errors })
    }
    data.match = parsed.data
  }
  if (
    body.departmentId &&
    !(await db.department.findUnique({ where: { id: body.departmentId }, select: { id: true } }))
  ) {
    throw notFound('department', body.departmentId)
  }
  return data
}

export function routingRuleRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/routing-rules',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: listOf(ruleJson) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await db.routingRule.findMany({
        where: afterCursor(cursor),
        orderBy: { id: 'asc' },
        take: limit + 1,
      })
      return pageById(rows, limit)
    },
  )

  app.post<{ Body: RuleBody & { name: string } }>(
    '/routing-rules',
    { schema: { body: { ...ruleBody, required: ['name'] }, response: { 201: ruleJson } } },
    async (request, reply) => {
      const data = (await checked(db, request.body)) as Prisma.RoutingRuleUncheckedCreateInput
      return reply.code(201).send(await db.routingRule.create({ data }))
    },
  )

  app.get<{ Params: { id: string } }>(
    '/routing-rules/:id',
    { schema: { params: idParams, response: { 200: ruleJson } } },
    async (request) => {
      const rule = await db.routingRule.findUnique({ where: { id: request.params.id } })
      if (!rule) throw notFound('routing rule', request.params.id)
      return rule
    },
  )

  app.patch<{ Params: { id: string }; Body: RuleBody }>(
    '/routing-rules/:id',
    { schema: { params: idParams, body: { ...ruleBody, minProperties: 1 }, response: { 200: ruleJson } } },
    async (request) => {
      const { id } = request.params
      const data = await checked(db, request.body)
      const updated = await db.routingRule.updateMany({
        where: { id },
        data: data,
      })
      if (updated.count === 0) throw notFound('routing rule', id)
      return db.routingRule.findUniqueOrThrow({ where: { id } })
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/routing-rules/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const deleted = await db.routingRule.deleteMany({ where: { id: request.params.id } })
      if (deleted.count === 0) throw notFound('routing rule', request.params.id)
      return reply.code(204).send()
    },
  )
}
