import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './route-deps.js'

/** Contacts, companies, lead timelines and the CSV export: the sales team's records. */
export async function crmRoutes(_app: FastifyInstance, _deps: RouteDeps): Promise<void> {}
