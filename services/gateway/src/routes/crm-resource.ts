import type { InternalClient } from '@leadflow/http'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit, type AuditRecord } from '../audit/audit.js'
import { contactsService, crmGuard } from './contacts-shared.js'
import { fromDownstream } from './downstream.js'
import type { RouteDeps } from './route-deps.js'
import { apiKeyOrBearer, pageOf, pageQuery, responses, uuidParams } from './schemas.js'

type Query = Record<string, string | number | boolean | undefined>
type Id = { Params: { id: string } }

export interface CrmResourceSpec<T extends { id: string }> {
  /** Public and internal path segment, also the OpenAPI tag. */
  path: 'contacts' | 'companies'
  /** Audit target type and action prefix. */
  auditType: 'contact' | 'company'
  /** The record as the public API shows it. */
  item: object
  /** What a client may write (create: as the route requires; edit: any of them). */
  writeProperties: object
  /** The part of a record kept in the audit log. */
  summarize: (row: T) => NonNullable<AuditRecord['after']>
}

export interface CrmResource {
  tags: string[]
  /** The contacts service's internal API for this request. */
  service: (request: FastifyRequest) => InternalClient
  /** The internal path of one record. */
  one: (id: string) => string
  /** Writes the audit entry of `action` (e.g. `create`) on one record. */
  recordAudit: (
    request: FastifyRequest,
    action: string,
    targetId: string,
    change: Pick<AuditRecord, 'before' | 'after'>,
  ) => Promise<void>
  /** `GET /<path>`: one page, filtered by `filters` besides `limit` and `cursor`. */
  listRoute: (app: FastifyInstance, options: { summary: string; filters: object }) => void
  /** `GET /<path>/:id` and `PATCH /<path>/:id` (audit-logged with the summary before and after). */
  getAndEditRoutes: (app: FastifyInstance, options: { editSummary: string }) => void
}

/**
 * The routes every record kind held by the contacts service shares, each a proxy to its
 * internal API held to the caller's CRM permissions (read to see, write to change).
 */
export function crmResource<T extends { id: string }>(
  deps: RouteDeps,
  spec: CrmResourceSpec<T>,
): CrmResource {
  const { path, auditType, item, writeProperties, summarize } = spec
  const tags = [path]
  const service = contactsService(deps)
  const one = (id: string) => `/internal/v1/${path}/${id}`
  const recordAudit: CrmResource['recordAudit'] = (request, action, targetId, change) =>
    audit(deps.db, request, { action: `${auditType}.${action}`, targetType: auditType, targetId, ...change })

  return {
    tags,
    service,
    one,
    recordAudit,

    listRoute(app, { summary, filters }) {
      app.get<{ Querystring: Query }>(
        `/${path}`,
        {
          preHandler: crmGuard('read'),
          schema: {
            tags,
            summary,
            security: apiKeyOrBearer,
            querystring: {
              type: 'object',
              additionalProperties: false,
              properties: { ...pageQuery.properties, ...filters },
            },
            response: responses({ 200: pageOf(item) }),
          },
        },
        async (request) =>
          service(request)
            .get(`/internal/v1/${path}`, { ...request.query })
            .catch(fromDownstream),
      )
    },

    getAndEditRoutes(app, { editSummary }) {
      app.get<Id>(
        `/${path}/:id`,
        {
          preHandler: crmGuard('read'),
          schema: { tags, security: apiKeyOrBearer, params: uuidParams, response: responses({ 200: item }) },
        },
        async (request) => service(request).get(one(request.params.id)).catch(fromDownstream),
      )

      app.patch<Id & { Body: Record<string, unknown> }>(
        `/${path}/:id`,
        {
          preHandler: crmGuard('write'),
          schema: {
            tags,
            summary: editSummary,
            security: apiKeyOrBearer,
            params: uuidParams,
            body: {
              type: 'object',
              additionalProperties: false,
              properties: writeProperties,
              minProperties: 1,
            },
            response: responses({ 200: item }),
          },
        },
        async (request) => {
          const before = await service(request).get<T>(one(request.params.id)).catch(fromDownstream)
          const after = await service(request)
            .patch<T>(one(request.params.id), request.body)
            .catch(fromDownstream)
          await recordAudit(request, 'update', after.id, {
            before: summarize(before),
            after: summarize(after),
          })
          return after
        },
      )
    },
  }
}
