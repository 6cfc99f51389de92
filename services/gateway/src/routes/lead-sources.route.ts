import { leadSourceWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './route-deps.js'
import { crudRoutes } from './settings-crud.js'
import { instant, nullableUuid, strictObject, uuid } from './settings-proxy.js'

const leadSourceJson = strictObject({
  id: uuid,
  slug: { type: 'string', description: 'What leads carry as `source`, e.g. `website` or `zadarma`' },
  name: { type: 'string' },
  departmentId: nullableUuid,
  slaMinutes: { type: 'integer', description: 'First-response SLA in business minutes' },
  attachWindowMinutes: {
    type: 'integer',
    description: "A new touch from the same contact within this window joins the contact's open lead",
  },
  createdAt: instant,
  updatedAt: instant,
})

/** Lead sources (held by lead-router): every signed-in user reads, administrators write. */
export function leadSourceRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  crudRoutes(app, deps, {
    path: 'lead-sources',
    tag: 'lead-sources',
    noun: 'lead source',
    auditType: 'lead_source',
    baseUrl: ({ config }) => config.LEAD_ROUTER_URL,
    item: leadSourceJson,
    fields: leadSourceWriteFields,
    required: ['slug', 'name'],
    summaryFields: ['slug', 'name', 'departmentId', 'slaMinutes'],
  })
  return Promise.resolve()
}
