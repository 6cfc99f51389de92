import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { audit } from '../audit/audit.js'
import type { RouteDeps } from './route-deps.js'
import { bearerAuth, responses, uuidParams } from './schemas.js'
import {
  adminOnly,
  auditFields,
  internalApi,
  noContent,
  pageQueryProperties,
  pageResponse,
  signedIn,
  type Page,
} from './settings-proxy.js'

export type Row = { id: string } & Record<string, unknown>

export interface CrudResource {
  /** Public and internal path segment, e.g. `lead-sources`. */
  path: string
  tag: string
  /** Singular noun for summaries, e.g. `lead source`. */
  noun: string
  /** Audit target type and action prefix, e.g. `lead_source`. */
  auditType: string
  baseUrl: (deps: RouteDeps) => string
  item: object
  fields: Record<string, unknown>
  required: readonly string[]
  /** Fields kept in the audit entry of a create or delete. */
  summaryFields: readonly string[]
  /** Who reads (default: any signed-in user) and who writes (default: administrators). */
  read?: preHandlerAsyncHookHandler
  write?: preHandlerAsyncHookHandler
  /** Turns the internal answer into the public one (e.g. secrets into "is set" flags). */
  present?: (row: Row) => Row
}

/**
 * List, get, create, change and delete one settings resource held by another service's
 * internal API; every write is audit-logged with the changed fields before and after.
 */
export function crudRoutes(app: FastifyInstance, deps: RouteDeps, resource: CrudResource): void {
  const { path, noun, auditType, item, fields, summaryFields } = resource
  const tags = [resource.tag]
  const read = resource.read ?? signedIn
  const write = resource.write ?? adminOnly
  const present = resource.present ?? ((row: Row) => row)
  const api = (request: FastifyRequest) =>
    internalApi(request, resource.baseUrl(deps), deps.config.INTERNAL_API_TOKEN)
  const one = (id: string) => `/internal/v1/${path}/${id}`
  const entry = (request: FastifyRequest, action: string, id: string, extra: object) =>
    audit(deps.db, request, {
      action: `${auditType}.${action}`,
      targetType: auditType,
      targetId: id,
      ...extra,
    })

  app.get<{ Querystring: Record<string, unknown> }>(
    `/${path}`,
    {
      preHandler: read,
      schema: {
        tags,
        summary: `List ${noun}s`,
        security: bearerAuth,
        querystring: { type: 'object', additionalProperties: false, properties: pageQueryProperties },
        response: pageResponse(item),
      },
    },
    async (request) => {
      const page = await api(request).get<Page<Row>>(
        `/internal/v1/${path}`,
        request.query as Record<string, string>,
      )
      return { data: page.data.map(present), nextCursor: page.nextCursor }
    },
  )

  app.get<{ Params: { id: string } }>(
    `/${path}/:id`,
    {
      preHandler: read,
      schema: {
        tags,
        summary: `Get a ${noun}`,
        security: bearerAuth,
        params: uuidParams,
        response: responses({ 200: item }),
      },
    },
    async (request) => present(await api(request).get<Row>(one(request.params.id))),
  )

  app.post<{ Body: Record<string, unknown> }>(
    `/${path}`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: `Create a ${noun}`,
        security: bearerAuth,
        body: {
          type: 'object',
          additionalProperties: false,
          required: resource.required,
          properties: fields,
        },
        response: responses({ 201: item }),
      },
    },
    async (request, reply) => {
      const created = await api(request).post<Row>(`/internal/v1/${path}`, request.body)
      await entry(request, 'create', created.id, { after: auditFields(present(created), summaryFields) })
      return reply.code(201).send(present(created))
    },
  )

  app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
    `/${path}/:id`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: `Change a ${noun}`,
        security: bearerAuth,
        params: uuidParams,
        body: { type: 'object', additionalProperties: false, minProperties: 1, properties: fields },
        response: responses({ 200: item }),
      },
    },
    async (request) => {
      const before = present(await api(request).get<Row>(one(request.params.id)))
      const after = present(await api(request).patch<Row>(one(request.params.id), request.body))
      const changed = Object.keys(request.body).filter((key) => key in after)
      // Write-only fields (credentials) are named in the entry, never their values.
      const writeOnly = Object.keys(request.body).filter((key) => !(key in after))
      await entry(request, 'update', after.id, {
        before: auditFields(before, changed),
        after: {
          ...auditFields(after, changed),
          ...(writeOnly.length > 0 ? { changedSecrets: writeOnly } : {}),
        },
      })
      return after
    },
  )

  app.delete<{ Params: { id: string } }>(
    `/${path}/:id`,
    {
      preHandler: write,
      schema: {
        tags,
        summary: `Delete a ${noun}`,
        security: bearerAuth,
        params: uuidParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      const before = await api(request).get<Row>(one(request.params.id))
      await api(request).delete(one(request.params.id))
      await entry(request, 'delete', before.id, { before: auditFields(before, summaryFields) })
      return reply.code(204).send()
    },
  )
}
