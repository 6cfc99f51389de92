import { departmentWriteFields } from '@leadflow/api-schemas'
import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './route-deps.js'
import { crudRoutes } from './settings-crud.js'
import { instant, nullableUuid, strictObject, uuid } from './settings-proxy.js'

export const departmentJson = strictObject({
  id: uuid,
  name: { type: 'string' },
  headUserId: nullableUuid,
  timezone: { type: 'string', description: 'IANA time zone of the business hours' },
  businessHours: {
    type: ['object', 'null'],
    additionalProperties: true,
    description: 'mon..sun → [["HH:MM","HH:MM"], ...]; null = always open',
  },
  createdAt: instant,
  updatedAt: instant,
})

export interface Department {
  id: string
  name: string
  headUserId: string | null
}

/** Departments (held by lead-router): every signed-in user reads, administrators write. */
export function departmentRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  crudRoutes(app, deps, {
    path: 'departments',
    tag: 'departments',
    noun: 'department',
    auditType: 'department',
    baseUrl: ({ config }) => config.LEAD_ROUTER_URL,
    item: departmentJson,
    fields: departmentWriteFields,
    required: ['name'],
    summaryFields: ['name', 'headUserId', 'timezone'],
  })
  return Promise.resolve()
}
