import type { FastifyInstance } from 'fastify'
import type { RouteDeps } from './route-deps.js'

/** Departments, lead sources, routing rules, providers, webhook events, campaigns and mailboxes. */
export async function settingsRoutes(_app: FastifyInstance, _deps: RouteDeps): Promise<void> {}
