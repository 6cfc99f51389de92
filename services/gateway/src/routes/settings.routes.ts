import type { FastifyInstance } from 'fastify'
import { campaignEditRoutes } from './campaigns-edit.route.js'
import { campaignRoutes } from './campaigns.route.js'
import { departmentMemberRoutes } from './departments-members.route.js'
import { departmentRoutes } from './departments.route.js'
import { leadSourceRoutes } from './lead-sources.route.js'
import { mailboxRoutes } from './mailboxes.route.js'
import { providerRoutes } from './providers.route.js'
import type { RouteDeps } from './route-deps.js'
import { routingRuleRoutes } from './routing-rules.route.js'
import { subscriptionRoutes } from './subscriptions.route.js'
import { webhookEventRoutes } from './webhook-events.route.js'

/** Departments, lead sources, routing rules, providers, webhook events, campaigns and mailboxes. */
export async function settingsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  await app.register(departmentRoutes, deps)
  await app.register(departmentMemberRoutes, deps)
  await app.register(leadSourceRoutes, deps)
  await app.register(routingRuleRoutes, deps)
  await app.register(providerRoutes, deps)
  await app.register(webhookEventRoutes, deps)
  await app.register(mailboxRoutes, deps)
  await app.register(campaignRoutes, deps)
  await app.register(campaignEditRoutes, deps)
  await app.register(subscriptionRoutes, deps)
}
