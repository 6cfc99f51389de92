import { appError, requireServiceToken } from '@leadflow/http'
import type { FastifyInstance } from 'fastify'
import { roles } from '../domain/access-token.js'
import type { PrismaClient } from '../generated/prisma/client.js'
import { responses, uuidParams } from './schemas.js'

/** `GET /internal/v1/users/:id` for other services (the mailer), behind the service token. */
export function internalUserRoutes(
  app: FastifyInstance,
  { db, token }: { db: PrismaClient; token: string },
): Promise<void> {
  app.addHook('onRequest', requireServiceToken(token))
  app.get<{ Params: { id: string } }>(
    '/internal/v1/users/:id',
    {
      schema: {
        hide: true,
        params: uuidParams,
        response: responses({
          200: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              email: { type: 'string' },
              name: { type: 'string' },
              role: { type: 'string', enum: roles },
              departmentId: { type: ['string', 'null'] },
            },
            required: ['id', 'email', 'name', 'role', 'departmentId'],
          },
        }),
      },
    },
    async (request) => {
      const user = await db.user.findUnique({ where: { id: request.params.id } })
      if (!user) throw appError('not_found', 'No such user')
      return user
    },
  )
  return Promise.resolve()
}
