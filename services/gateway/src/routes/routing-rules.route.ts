import { routingRuleWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './route-deps.js'
import { crudRoutes } from './settings-crud.js'
import { instant, nullableUuid, strictObject, uuid } from './settings-proxy.js'

const routingRuleJson = strictObject({
  id: uuid,
  name: { type: 'string' },
  priority: { type: 'integer', description: 'Lower numbers are tried first' },
  active: { type: 'boolean' },
  match: {
    type: 'object',
    additionalProperties: true,
    description:
      'Conditions that must all hold: kinds (call, email, form, payment), provider, did, mailbox, form, source, country, businessHours',
  },
  departmentId: nullableUuid,
  ownerId: nullableUuid,
  createdAt: instant,
  updatedAt: instant,
})

/** Routing rules (held by lead-router): every signed-in user reads, administrators write. */
export function routingRuleRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  crudRoutes(app, deps, {
    path: 'routing-rules',
    tag: 'routing-rules',
    noun: 'routing rule',
    auditType: 'routing_rule',
    baseUrl: ({ config }) => config.LEAD_ROUTER_URL,
    item: routingRuleJson,
    fields: routingRuleWriteFields,
    required: ['name'],
    summaryFields: ['name', 'priority', 'active', 'match', 'departmentId', 'ownerId'],
  })
  return Promise.resolve()
}
