import { departmentWriteFields } from '@leadflow/api-schemas'
import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import type { Db } from '../db/transaction.js'
import { businessHoursSchema } from '../domain/business-hours.js'
import { notFound } from '../errors.js'
import { Prisma } from '../generated/prisma/client.js'
import { afterCursor, pageById } from './list-by-id.js'
import { idParams, instant, listOf, nullableInstant, nullableUuid, pageQuery, uuid } from './schemas.js'

const departmentJson = {
  type: 'object',
  required: ['id', 'name', 'headUserId', 'timezone', 'businessHours', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    name: { type: 'string' },
    headUserId: nullableUuid,
    timezone: { type: 'string' },
    businessHours: { type: ['object', 'null'], additionalProperties: true },
    createdAt: instant,
    updatedAt: instant,
  },
} as const

const memberJson = {
  type: 'object',
  required: ['userId', 'departmentId', 'active', 'lastAssignedAt'],
  properties: {
    userId: uuid,
    departmentId: uuid,
    active: { type: 'boolean' },
    lastAssignedAt: nullableInstant,
  },
} as const

const departmentBody = {
  type: 'object',
  additionalProperties: false,
  properties: departmentWriteFields,
} as const

interface DepartmentBody {
  name?: string
  headUserId?: string | null
  timezone?: string
  businessHours?: Record<string, unknown> | null
}

function validated(body: DepartmentBody): Prisma.DepartmentUncheckedUpdateInput {
  const errors: { field: string; message: string }[] = []
  if (
    body.timezone !== undefined &&
    !Intl.supportedValuesOf('timeZone').concat('UTC').includes(body.timezone)
  ) {
    errors.push({ field: '/timezone', message: 'must be an IANA time zone' })
  }
  let businessHours: Prisma.InputJsonValue | typeof Prisma.DbNull | undefined
  if (body.businessHours === null) businessHours = Prisma.DbNull
  else if (body.businessHours !== undefined) {
    const parsed = businessHoursSchema.safeParse(body.businessHours)
    if (parsed.success) businessHours = parsed.data
    else errors.push({ field: '/businessHours', message: 'must map mon..sun to [["HH:MM","HH:MM"], ...]' })
  }
  if (errors.length > 0) throw appError('validation_failed', 'The department is not valid', { errors })
  const { businessHours: _ignored, ...rest } = body
  return { ...rest, ...(businessHours === undefined ? {} : { businessHours }) }
}

export function departmentRoutes(app: FastifyInstance, { db }: { db: Db }): void {
  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/departments',
    {
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        response: { 200: listOf(departmentJson) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const rows = await db.department.findMany({
        where: afterCursor(cursor),
        orderBy: { id: 'asc' },
        take: limit + 1,
      })
      return pageById(rows, limit)
    },
  )

  app.post<{ Body: DepartmentBody & { name: string } }>(
    '/departments',
    { schema: { body: { ...departmentBody, required: ['name'] }, response: { 201: departmentJson } } },
    async (request, reply) => {
      const data = validated(request.body) as Prisma.DepartmentUncheckedCreateInput
      return reply.code(201).send(await db.department.create({ data }))
    },
  )

  app.get<{ Params: { id: string } }>(
    '/departments/:id',
    { schema: { params: idParams, response: { 200: departmentJson } } },
    async (request) => {
      const department = await db.department.findUnique({ where: { id: request.params.id } })
      if (!department) throw notFound('department', request.params.id)
      return department
    },
  )

  app.patch<{ Params: { id: string }; Body: DepartmentBody }>(
    '/departments/:id',
    {
      schema: {
        params: idParams,
        body: { ...departmentBody, minProperties: 1 },
        response: { 200: departmentJson },
      },
    },
    async (request) => {
      const { id } = request.params
      const data = validated(request.body)
      const updated = await db.department.updateMany({
        where: { id },
        data: data,
      })
      if (updated.count === 0) throw notFound('department', id)
      return db.department.findUniqueOrThrow({ where: { id } })
    },
  )

  app.delete<{ Params: { id: string } }>(
    '/departments/:id',
    { schema: { params: idParams } },
    async (request, reply) => {
      const deleted = await db.department.deleteMany({ where: { id: request.params.id } })
      if (deleted.count === 0) throw notFound('department', request.params.id)
      return reply.code(204).send()
    },
  )

  app.get<{ Params: { id: string } }>(
    '/departments/:id/members',
    { schema: { params: idParams, response: { 200: listOf(memberJson) } } },
    async (request) => {
      const data = await db.departmentMember.findMany({
        where: { departmentId: request.params.id },
        orderBy: { userId: 'asc' },
      })
      return { data, nextCursor: null }
    },
  )

  app.put<{ Params: { id: string; userId: string }; Body: { active?: boolean } }>(
    '/departments/:id/members/:userId',
    {
      schema: {
        params: { type: 'object', required: ['id', 'userId'], properties: { id: uuid, userId: uuid } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { active: { type: 'boolean', default: true } },
        },
        response: { 200: memberJson },
      },
    },
    async (request) => {
      const { id: departmentId, userId } = request.params
      const active = request.body.active ?? true
      if (!(await db.department.findUnique({ where: { id: departmentId }, select: { id: true } }))) {
        throw notFound('department', departmentId)
      }
      return db.departmentMember.upsert({
        where: { departmentId_userId: { departmentId, userId } },
        create: { departmentId, userId, active },
        update: { active },
      })
    },
  )

  app.delete<{ Params: { id: string; userId: string } }>(
    '/departments/:id/members/:userId',
    {
      schema: {
        params: { type: 'object', required: ['id', 'userId'], properties: { id: uuid, userId: uuid } },
      },
    },
    async (request, reply) => {
      const { id: departmentId, userId } = request.params
      const deleted = await db.departmentMember.deleteMany({ where: { departmentId, userId } })
      if (deleted.count === 0) throw notFound('department member', userId)
      return reply.code(204).send()
    },
  )
}
