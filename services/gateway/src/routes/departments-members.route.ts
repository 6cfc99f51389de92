import { appError } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { canAddMember, canManageMembers } from '../domain/departments-access.js'
import { gatewayError } from '../errors.js'
import type { Department } from './departments.route.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import {
  internalApi,
  noContent,
  nullableInstant,
  pageResponse,
  signedIn,
  strictObject,
  uuid,
  type Page,
} from './settings-proxy.js'

const memberJson = strictObject({
  userId: uuid,
  departmentId: uuid,
  active: { type: 'boolean', description: 'Inactive members get no new leads' },
  lastAssignedAt: nullableInstant,
})

const memberParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'userId'],
  properties: { id: uuid, userId: uuid },
} as const

interface Member {
  userId: string
  departmentId: string
  active: boolean
}

/**
 * A department's members (the people lead-router assigns its leads to). Every signed-in user
 * reads; administrators, and the head of that department, add, deactivate and remove members.
 */
export function departmentMemberRoutes(app: FastifyInstance, { config, db }: RouteDeps): Promise<void> {
  const tags = ['departments']
  const api = (request: FastifyRequest) =>
    internalApi(request, config.LEAD_ROUTER_URL, config.INTERNAL_API_TOKEN)

  async function managed(request: FastifyRequest<{ Params: { id: string } }>): Promise<Department> {
    const department = await api(request).get<Department>(`/internal/v1/departments/${request.params.id}`)
    if (!canManageMembers(request.principal, department)) throw gatewayError('insufficient_role')
    return department
  }

  app.get<{ Params: { id: string } }>(
    '/departments/:id/members',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: "List a department's members",
        security: bearerAuth,
        params: uuidParams,
        response: pageResponse(memberJson),
      },
    },
    async (request) => {
      const path = `/internal/v1/departments/${request.params.id}`
      await api(request).get<Department>(path)
      return api(request).get<Page<Member>>(`${path}/members`)
    },
  )

  app.put<{ Params: { id: string; userId: string }; Body: { active?: boolean } }>(
    '/departments/:id/members/:userId',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'Add a user to a department, or change whether they get leads (admin, head)',
        security: bearerAuth,
        params: memberParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { active: { type: 'boolean', default: true } },
        },
        response: responses({ 200: memberJson }),
      },
    },
    async (request) => {
      const department = await managed(request)
      const user = await db.user.findUnique({ where: { id: request.params.userId } })
      if (!user || user.disabled) throw appError('not_found', 'No such user')
      if (!canAddMember(request.principal, department, user))
        throw gatewayError('insufficient_role', { message: 'Heads add only users of their own department' })
      const member = await api(request).put<Member>(
        `/internal/v1/departments/${department.id}/members/${user.id}`,
        { active: request.body.active ?? true },
      )
      await audit(db, request, {
        action: 'department.member.put',
        targetType: 'department',
        targetId: department.id,
        after: { userId: member.userId, active: member.active },
      })
      return member
    },
  )

  app.delete<{ Params: { id: string; userId: string } }>(
    '/departments/:id/members/:userId',
    {
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'Remove a member from a department (admin, head)',
        security: bearerAuth,
        params: memberParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      const department = await managed(request)
      await api(request).delete(`/internal/v1/departments/${department.id}/members/${request.params.userId}`)
      await audit(db, request, {
        action: 'department.member.remove',
        targetType: 'department',
        targetId: department.id,
        before: { userId: request.params.userId },
      })
      return reply.code(204).send()
    },
  )
  return Promise.resolve()
}
