import { leadSourceWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/transaction.js'
import { isUniqueViolation } from '../db/transaction.js'
import { conflict, notFound } from '../errors.js'
import { afterCursor, pageById } from './list-by-id.js'
import { idParams, instant, listOf, nullableUuid, pageQuery, uuid } from './schemas.js'

const sourceJson = {
  type: 'object',
  required: [
    'id',
    'slug',
    'name',
    'departmentId',
    'slaMinutes',
    'attachWindowMinutes',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: uuid,
    slug: { type: 'string' },
    name: { type: 'string' },
    departmentId: nullableUuid,
    slaMinutes: { type: 'integer' },
    attachWindowMinutes: { type: 'integer' },
    createdAt: instant,
    updatedAt: instant,
  },
} as const

const sourceBody = {
  type: 'object',
  additionalProperties: false,
  properties: leadSourceWriteFields,
} as const

interface SourceBody {
  slug?: string
  name?: string
  departmentId?: string | null
  slaMinutes?: number
  attachWindowMinutes?: number
}

async function write<T>(db: Db, body: SourceBody, run: () => Promise<T>): Promise<T> {
  if (
    body.departmentId &&
    !(await db.department.findUnique({ where: { id: body.departmentId }, select: { id: true } }))
  ) {
    throw notFound('department', body.departmentId)
  }
  try {
    return await run()
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A lead source with slug ${body.slug ?? ''} exists already`)
    throw err
  }
}

export function leadSourceRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/lead-sources',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: listOf(sourceJson) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await db.leadSource.findMany({
        where: afterCursor(cursor),
        orderBy: { id: 'asc' },
        take: limit + 1,
      })
      return pageById(rows, limit)
    },
  )

  app.post<{ Body: SourceBody & { slug: string; name: string } }>(
    '/lead-sources',
    { schema: { body: { ...sourceBody, required: ['slug', 'name'] }, response: { 201: sourceJson } } },
    async (request, reply) => {
      const body = request.body
      const created = await write(db, body, () => db.leadSource.create({ data: body }))
      return reply.code(201).send(created)
    },
  )

  app.get<{ Params: { id: string } }>(
    '/lead-sources/:id',
    { schema: { params: idParams, response: { 200: sourceJson } } },
    async (request) => {
      const source = await db.leadSource.findUnique({ where: { id: request.params.id } })
      if (!source) throw notFound('lead source', request.params.id)
      return source
    },
  )

  app.patch<{ Params: { id: string }; Body: SourceBody }>(
    '/lead-sources/:id',
    {
      schema: { params: idParams, body: { ...sourceBody, minProperties: 1 }, response: { 200: sourceJson } },
    },
    async (request) => {
      const { id } = request.params
      const updated = await write(db, request.body, () =>
        db.leadSource.updateMany({ where: { id }, data: request.body }),
      )
      if (updated.count === 0) throw notFound('lead source', id)
      return db.leadSource.findUniqueOrThrow({ where: { id } })
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/lead-sources/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const deleted = await db.leadSource.deleteMany({ where: { id: request.params.id } })
      if (deleted.count === 0) throw notFound('lead source', request.params.id)
      return reply.code(204).send()
    },
  )
}
