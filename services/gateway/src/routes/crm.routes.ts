import type { FastifyInstance } from 'fastify'
import { companyRoutes } from './companies.route.js'
import { contactRoutes } from './contacts.route.js'
import { leadTimelineRoutes } from './lead-timeline.route.js'
import { leadExportRoutes } from './leads-export.route.js'
import type { RouteDeps } from './route-deps.js'

/** Contacts, companies, lead timelines and the CSV export: the sales team's records. */
export async function crmRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(contactRoutes, deps)
  await app.register(companyRoutes, deps)
  await app.register(leadTimelineRoutes, deps)
  // A static path: the router prefers it to `/leads/:id`, so it is never read as a lead id.
  await app.register(leadExportRoutes, deps)
}
