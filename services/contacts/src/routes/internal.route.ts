import type { FastifyInstance } from 'fastify'
import { requireServiceToken } from '@leadflow/http'
import { companyRoutes } from './companies.route.js'
import { contactMatchingRoutes } from './contact-matching.route.js'
import { contactRoutes } from './contacts.route.js'
import type { RouteDeps } from './route-deps.js'

/** The service-to-service API under `/internal/v1`; every route requires the service token. */
export function internalRoutes(token: string, deps: RouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', requireServiceToken(token))
    contactMatchingRoutes(app, deps)
    contactRoutes(app, deps)
    companyRoutes(app, deps)
    await Promise.resolve()
  }
}
