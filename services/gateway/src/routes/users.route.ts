import { appError } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { audit } from '../audit/audit.js'
import { requireUser } from '../auth/guards.js'
import { passwordWeakness } from '../config.js'
import { roles, type Role } from '../domain/access-token.js'
import { decodeCursor, encodeCursor } from '../domain/cursor.js'
import { hashPassword } from '../domain/password.js'
import { gatewayError } from '../errors.js'
import { Prisma, type User } from '../generated/prisma/client.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, pageOf, pageQuery, responses, uuidParams, type PageQuery } from './schemas.js'

export const userSchema = {
  $id: 'User',
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: roles },
    departmentId: { type: ['string', 'null'], format: 'uuid' },
    disabled: { type: 'boolean' },
    lockedUntil: { type: ['string', 'null'], format: 'date-time' },
    lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'email', 'name', 'role', 'departmentId', 'disabled', 'createdAt', 'updatedAt'],
} as const

const userRef = { $ref: 'User#' } as const

interface UserInput {
  email: string
  name: string
  password: string
  role: Role
  departmentId?: string | null
}
type UserPatch = Partial<Omit<UserInput, 'email'>> & { disabled?: boolean }

const userFields = {
  email: { type: 'string', format: 'email', maxLength: 320 },
  name: { type: 'string', minLength: 1, maxLength: 200 },
  password: { type: 'string', minLength: 1, maxLength: 1024 },
  role: { type: 'string', enum: roles },
  departmentId: { type: ['string', 'null'], format: 'uuid' },
  disabled: { type: 'boolean' },
} as const

const { email: _email, ...patchFields } = userFields

/** The part of a user kept in the audit log: never the password hash. */
function summary(user: User) {
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    departmentId: user.departmentId,
    disabled: user.disabled,
  }
}

async function passwordHashOf(password: string, cost: number): Promise<string> {
  const weakness = passwordWeakness(password)
  if (weakness) throw gatewayError('weak_password', { errors: [{ field: '/password', message: weakness }] })
  return hashPassword(password, cost)
}

/** Users (admin only): list, create, get, patch, disable. */
export function userRoutes(app: FastifyInstance, { db, config }: RouteDeps): Promise<void> {
  app.addHook('preHandler', requireUser('admin'))
  const tags = ['users']

  app.get<{ Querystring: PageQuery }>(
    '/users',
    {
      schema: {
        tags,
        security: bearerAuth,
        querystring: pageQuery,
        response: responses({ 200: pageOf(userRef) }),
      },
    },
    async (request) => {
      const { limit, cursor } = request.query
      const after = cursor === undefined ? null : decodeCursor(cursor)
      if (cursor !== undefined && !after) throw gatewayError('invalid_cursor')
      const at = after ? new Date(after.sortKey) : null
      const rows = await db.user.findMany({
        where:
          after && at ? { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after.id } }] } : {},
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      })
      const data = rows.slice(0, limit)
      const last = data.at(-1)
      return {
        data,
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
      }
    },
  )

  app.post<{ Body: UserInput }>(
    '/users',
    {
      schema: {
        tags,
        security: bearerAuth,
        body: {
          type: 'object',
          properties: userFields,
          required: ['email', 'name', 'password', 'role'],
          additionalProperties: false,
        },
        response: responses({ 201: userRef }),
      },
    },
    async (request, reply) => {
      const { email, name, password, role, departmentId = null } = request.body
      const passwordHash = await passwordHashOf(password, config.PASSWORD_SCRYPT_COST)
      try {
        const user = await db.$transaction(async (tx) => {
          const created = await tx.user.create({
            data: { email: email.trim().toLowerCase(), name, passwordHash, role, departmentId },
          })
          await audit(tx, request, {
            action: 'user.create',
            targetType: 'user',
            targetId: created.id,
            after: summary(created),
          })
          return created
        })
        return reply.code(201).send(user)
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
          throw gatewayError('email_taken')
        throw err
      }
    },
  )

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { schema: { tags, security: bearerAuth, params: uuidParams, response: responses({ 200: userRef }) } },
    async (request) => {
      const user = await db.user.findUnique({ where: { id: request.params.id } })
      if (!user) throw appError('not_found', 'No such user')
      return user
    },
  )

  app.patch<{ Params: { id: string }; Body: UserPatch }>(
    '/users/:id',
    {
      schema: {
        tags,
        security: bearerAuth,
        params: uuidParams,
        body: {
          type: 'object',
          properties: patchFields,
          additionalProperties: false,
          minProperties: 1,
        },
        response: responses({ 200: userRef }),
      },
    },
    async (request) => {
      const { password, ...fields } = request.body
      const passwordHash =
        password === undefined ? undefined : await passwordHashOf(password, config.PASSWORD_SCRYPT_COST)
      return db.$transaction(async (tx) => {
        const before = await tx.user.findUnique({ where: { id: request.params.id } })
        if (!before) throw appError('not_found', 'No such user')
        const after = await tx.user.update({
          where: { id: before.id },
          data: {
            ...fields,
            ...(passwordHash ? { passwordHash } : {}),
            // Re-enabling or an admin edit clears a login lockout.
            ...(fields.disabled === false ? { lockedUntil: null, failedLoginCount: 0 } : {}),
          },
        })
        if (fields.disabled === true || passwordHash || (fields.role && fields.role !== before.role))
          await tx.refreshToken.updateMany({
            where: { userId: before.id, revokedAt: null },
            data: { revokedAt: new Date() },
          })
        await audit(tx, request, {
          action: 'user.update',
          targetType: 'user',
          targetId: before.id,
          before: summary(before),
          after: { ...summary(after), ...(passwordHash ? { passwordChanged: true } : {}) },
        })
        return after
      })
    },
  )
  return Promise.resolve()
}
